package dev.parley.core.crypto;

import dev.parley.core.crypto.Argon2PasswordHasher.Argon2Params;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash string in PHC format, parsed. Parsing never throws: anything that is not
 * exactly {@code $argon2id$v=19$m=<int>,t=<int>,p=<int>$<b64 salt>$<b64 hash>} with a salt of
 * 8-64 bytes and a hash of 16-64 bytes yields empty. Immutable.
 */
record PhcHash(Argon2Params params, byte[] salt, byte[] hash) {
  private static final Pattern FORMAT = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");

  static Optional<PhcHash> parse(String encoded) {
    if (encoded == null || encoded.length() > 256) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(encoded);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Argon2Params params = new Argon2Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
      byte[] salt = Base64.getDecoder().decode(m.group(4));
      byte[] hash = Base64.getDecoder().decode(m.group(5));
      if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
        return Optional.empty();
      }
      return Optional.of(new PhcHash(params, salt, hash));
    } catch (IllegalArgumentException e) { // bad base64 length
      return Optional.empty();
    }
  }
}
