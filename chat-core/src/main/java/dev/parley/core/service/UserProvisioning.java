package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.hooks.ExternalIdentity;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.Validation;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Optional;

/**
 * Makes the account of a host user seen for the first time. The name comes from the identity's
 * name (else its nickname, else "user"), made to fit {@link Validation#name} (NFKC, characters
 * other than letters, digits, '_', '.', '-' become '_', at most {@link #MAX_BASE_LENGTH} code
 * points, a script mix the rule refuses becomes "user"); a taken name gets a suffix ("kim2" …
 * "kim5", then random digits). The email is kept when it is valid and free, else left empty.
 *
 * <p>Concurrent first logins of one host user end in one account: the store refuses a second
 * account for the external id (EXTERNAL_ID_TAKEN) atomically, and the loser reads the winner's.
 * Thread-safe.
 */
final class UserProvisioning {
  /** Longest name part kept before a suffix, so "name" + suffix stays within 32 characters. */
  static final int MAX_BASE_LENGTH = 24;
  private static final int NUMBERED_TRIES = 5;
  private static final int RANDOM_TRIES = 10;
  private static final String FALLBACK = "user";

  private final dev.parley.core.spi.UserStore users;
  private final SecureRandom random = new SecureRandom();

  UserProvisioning(dev.parley.core.spi.UserStore users) {
    this.users = users;
  }

  /** The account of {@code identity}: the one a racing login made, or a new one. */
  User provision(ExternalIdentity identity) {
    String base = baseName(identity);
    String nickname = nickname(identity);
    String email = freeEmail(identity.email());
    for (int attempt = 1; attempt <= NUMBERED_TRIES + RANDOM_TRIES; attempt++) {
      String name = candidate(base, attempt);
      if (AdminService.isReservedName(name)) {
        continue; // the system sender's: never a host user's
      }
      try {
        return users.create(NewUser.external(identity.externalId(), name, nickname, email));
      } catch (ChatException e) {
        Optional<User> raced = users.findByExternalId(identity.externalId());
        if (raced.isPresent()) {
          return raced.get(); // a concurrent first login made it (whichever key the store reported)
        }
        if (e.code() == ErrorCode.EMAIL_TAKEN) {
          email = "";
          attempt--; // the same name again, without the email
        } else if (e.code() != ErrorCode.NAME_TAKEN) {
          throw e;
        }
      }
    }
    throw new ChatException(ErrorCode.UNAVAILABLE, "no free name for host user " + identity.externalId()
        + " after " + (NUMBERED_TRIES + RANDOM_TRIES) + " tries from '" + base + "'");
  }

  /** The {@code attempt}-th name to try: the base, then numbered, then random suffixes. */
  String candidate(String base, int attempt) {
    if (attempt == 1) {
      return base;
    }
    String suffix = attempt <= NUMBERED_TRIES ? Integer.toString(attempt)
        : "-" + String.format("%06d", random.nextInt(1_000_000));
    return base + suffix;
  }

  /** A name that passes {@link Validation#name} from what the identity offers. */
  static String baseName(ExternalIdentity identity) {
    String source = !identity.name().isBlank() ? identity.name()
        : !identity.nickname().isBlank() ? identity.nickname() : FALLBACK;
    String cleaned = clean(source);
    try {
      return Validation.name(cleaned);
    } catch (ChatException e) {
      return FALLBACK; // e.g. a script mix the name rule refuses
    }
  }

  private static String clean(String source) {
    String n = Normalizer.normalize(source.trim(), Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder();
    n.codePoints().forEach(cp -> {
      if (out.codePointCount(0, out.length()) >= MAX_BASE_LENGTH) {
        return;
      }
      boolean letterOrDigit = Character.isLetter(cp) || Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
      if (out.isEmpty() && !letterOrDigit) {
        return; // a name starts with a letter or digit
      }
      out.appendCodePoint(letterOrDigit || cp == '_' || cp == '.' || cp == '-' ? cp : '_');
    });
    String cleaned = out.toString();
    if (cleaned.isEmpty()) {
      return FALLBACK;
    }
    return cleaned.codePointCount(0, cleaned.length()) < 3 ? cleaned + "_" + FALLBACK : cleaned;
  }

  private static String nickname(ExternalIdentity identity) {
    String n = identity.nickname().strip();
    if (n.length() > ProfileUpdate.MAX_NICKNAME) {
      int end = ProfileUpdate.MAX_NICKNAME;
      if (Character.isHighSurrogate(n.charAt(end - 1))) {
        end--; // do not cut a surrogate pair in half
      }
      n = n.substring(0, end);
    }
    return n;
  }

  /** The identity's email when it is valid and no account has it yet, else "". */
  private String freeEmail(String email) {
    if (email.isBlank()) {
      return "";
    }
    String normalized;
    try {
      normalized = Validation.email(email);
    } catch (ChatException e) {
      return "";
    }
    return users.findByEmail(normalized).isPresent() ? "" : normalized;
  }
}
