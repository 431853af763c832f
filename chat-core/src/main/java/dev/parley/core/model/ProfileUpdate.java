package dev.parley.core.model;

import java.util.Optional;

/**
 * A partial profile change: empty fields are left as they are. Lengths are checked here
 * (nickname 64, avatar URL 512, bio 500 characters). Immutable.
 */
public record ProfileUpdate(Optional<String> nickname, Optional<String> avatarUrl, Optional<String> bio) {
  public static final int MAX_NICKNAME = 64;
  public static final int MAX_AVATAR_URL = 512;
  public static final int MAX_BIO = 500;

  public ProfileUpdate {
    nickname = nickname.map(v -> Validation.optionalText("nickname", v, MAX_NICKNAME));
    avatarUrl = avatarUrl.map(v -> Validation.optionalText("avatarUrl", v, MAX_AVATAR_URL));
    bio = bio.map(v -> Validation.optionalText("bio", v, MAX_BIO));
    avatarUrl.ifPresent(ProfileUpdate::checkUrl);
  }

  private static void checkUrl(String url) {
    if (!url.isEmpty() && !(url.startsWith("https://") || url.startsWith("http://"))) {
      throw new dev.parley.core.ChatException(dev.parley.core.ErrorCode.BAD_REQUEST,
          "avatarUrl must be an http(s) URL: '" + Validation.abbreviate(url) + "'");
    }
  }
}
