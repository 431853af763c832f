package dev.parley.core.model;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax rules for user-supplied identifiers, shared by the records and the services so a
 * rule is written once. Stateless and thread-safe.
 */
public final class Validation {
  /** Longest email address accepted (RFC 5321 path limit). */
  public static final int MAX_EMAIL_LENGTH = 254;
  /** Names: 3 to 32 characters, letters, digits, '_', '.', '-', starting with a letter or digit. */
  public static final Pattern NAME = Pattern.compile("[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}_.-]{2,31}");

  // Deliberately simple: one '@', a dotted domain, no whitespace. Real validation is the mailed code.
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  /**
   * The script mixes a name may use (Unicode TS #39 "highly restrictive"): Latin with the scripts
   * Japanese, Chinese and Korean are written in together. Any other mix, such as Latin with
   * Cyrillic or Greek, is refused so that "pаypal" (Cyrillic "а") cannot pose as "paypal".
   */
  private static final List<Set<UnicodeScript>> ALLOWED_SCRIPT_MIXES = List.of(
      EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
      EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
      EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

  private Validation() {}

  /** Returns the email lower-cased and trimmed, or throws {@link ErrorCode#INVALID_EMAIL}. */
  public static String email(String email) {
    if (email == null) {
      throw new ChatException(ErrorCode.INVALID_EMAIL, "email is required");
    }
    String e = email.trim().toLowerCase(Locale.ROOT);
    if (e.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(e).matches()) {
      throw new ChatException(ErrorCode.INVALID_EMAIL, "not a valid email address: '" + abbreviate(email) + "'");
    }
    return e;
  }

  /**
   * {@link #email} for a value that may be absent: "" (or null, or blank) stays "", anything else
   * must be a valid email. For accounts of a host's users, which may have no email.
   */
  public static String emailOrEmpty(String email) {
    return email == null || email.isBlank() ? "" : email(email);
  }

  /**
   * Returns a host user id: "" (or null) for none, else the id as given when it has at most
   * {@link User#MAX_EXTERNAL_ID_LENGTH} characters and is not blank; BAD_REQUEST otherwise.
   */
  public static String externalId(String externalId) {
    if (externalId == null || externalId.isEmpty()) {
      return "";
    }
    if (externalId.isBlank() || externalId.length() > User.MAX_EXTERNAL_ID_LENGTH) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "externalId must be 1-" + User.MAX_EXTERNAL_ID_LENGTH + " characters, not blank");
    }
    return externalId;
  }

  /**
   * Returns a new account's name trimmed, or throws {@link ErrorCode#INVALID_NAME}: the syntax of
   * {@link #NAME}, written in one script (characters of the COMMON and INHERITED scripts, such as
   * digits, '_', '.' and '-', go with any), or in Latin mixed with Han and Hiragana/Katakana,
   * Bopomofo or Hangul; and in Unicode NFKC form, so no mathematical, fullwidth or ligature letter
   * poses as an ordinary one.
   */
  public static String name(String name) {
    String n = nameSyntax(name);
    // Mathematical letters (script COMMON) and fullwidth or ligature forms would pass the script
    // rule while drawing like plain letters; NFKC maps each to the letters it poses as.
    if (!Normalizer.isNormalized(n, Normalizer.Form.NFKC)) {
      throw new ChatException(ErrorCode.INVALID_NAME, "name uses compatibility forms of letters (mathematical,"
          + " fullwidth or ligature), which look-alike names use; write it as '"
          + abbreviate(Normalizer.normalize(n, Normalizer.Form.NFKC)) + "'");
    }
    Set<UnicodeScript> scripts = scripts(n);
    if (scripts.size() > 1 && ALLOWED_SCRIPT_MIXES.stream().noneMatch(mix -> mix.containsAll(scripts))) {
      throw new ChatException(ErrorCode.INVALID_NAME,
          "name mixes the scripts " + scripts + ", which look-alike names use: '" + abbreviate(name) + "'");
    }
    return n;
  }

  /**
   * Returns the name trimmed, or throws {@link ErrorCode#INVALID_NAME}, checking only the syntax
   * of {@link #NAME}: for stored accounts, whose names may predate the script rule of {@link #name}.
   */
  public static String nameSyntax(String name) {
    if (name == null) {
      throw new ChatException(ErrorCode.INVALID_NAME, "name is required");
    }
    String n = name.trim();
    if (!NAME.matcher(n).matches()) {
      throw new ChatException(ErrorCode.INVALID_NAME,
          "name must be 3-32 letters, digits, '_', '.' or '-', starting with a letter or digit: '" + abbreviate(name) + "'");
    }
    return n;
  }

  /**
   * Returns {@code clientMsgId} when it is a usable client message id: BAD_REQUEST when missing or
   * blank, or longer than {@link Message#MAX_CLIENT_MSG_ID} characters.
   */
  public static String clientMsgId(String clientMsgId) {
    if (clientMsgId == null || clientMsgId.isBlank()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "clientMsgId is required");
    }
    if (clientMsgId.length() > Message.MAX_CLIENT_MSG_ID) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "clientMsgId is " + clientMsgId.length() + " characters, the limit is " + Message.MAX_CLIENT_MSG_ID);
    }
    return clientMsgId;
  }

  /** Throws {@link ErrorCode#BAD_REQUEST} when {@code value} is longer than {@code max} characters. */
  public static String optionalText(String field, String value, int max) {
    String v = value == null ? "" : value;
    if (v.length() > max) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " is " + v.length() + " characters, the limit is " + max);
    }
    return v;
  }

  /**
   * Returns {@code text} when it is a sendable message: BAD_REQUEST when it is missing or shows
   * nothing (only whitespace, format characters such as U+200B ZERO WIDTH SPACE or U+FEFF, and
   * other blanks, see {@link #isInvisible}); TEXT_TOO_LONG when it has more than
   * {@code maxCodePoints} Unicode code points (an emoji outside the BMP counts once).
   */
  public static String messageText(String text, int maxCodePoints) {
    if (text == null || !showsSomething(text)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "message text is empty or shows nothing");
    }
    int length = text.codePointCount(0, text.length());
    if (length > maxCodePoints) {
      throw new ChatException(ErrorCode.TEXT_TOO_LONG,
          "message text is " + length + " characters (code points), the limit is " + maxCodePoints);
    }
    return text;
  }

  /** Whether any code point of {@code text} is visible; a loop, not a stream: this runs per message. */
  private static boolean showsSomething(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!isInvisible(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /**
   * Whether {@code codePoint} draws nothing by itself: whitespace and space separators, controls,
   * format characters (category Cf: zero-width space/joiners, word joiner, BOM, soft hyphen,
   * direction marks), variation selectors, the combining grapheme joiner, and the blank letters and
   * symbols used as fillers (Hangul fillers, Braille blank).
   */
  static boolean isInvisible(int codePoint) {
    if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint)) {
      return true;
    }
    int type = Character.getType(codePoint);
    if (type == Character.FORMAT) {
      return true;
    }
    return (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF)
        || codePoint == 0x034F || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164
        || codePoint == 0xFFA0 || codePoint == 0x2800;
  }

  /** Throws {@link ErrorCode#BAD_REQUEST} unless {@code id} is positive. */
  public static long id(String field, long id) {
    if (id <= 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, field + " must be positive, was " + id);
    }
    return id;
  }

  /** The scripts of {@code text}'s code points, COMMON and INHERITED left out. */
  private static Set<UnicodeScript> scripts(String text) {
    Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
    text.codePoints().mapToObj(UnicodeScript::of)
        .filter(s -> s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED)
        .forEach(scripts::add);
    return scripts;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
