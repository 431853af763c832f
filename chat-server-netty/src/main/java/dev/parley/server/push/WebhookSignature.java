package dev.parley.server.push;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request, for the host's receiver to check (and for {@link
 * WebhookPushSender} to make). Each request carries {@value #TIMESTAMP_HEADER} (Unix seconds when
 * the attempt was sent) and {@value #SIGNATURE_HEADER} {@code sha256=<hex>}, the lower-case hex
 * HMAC-SHA256, keyed with the shared secret, of the bytes of {@code "<timestamp>.<body>"}: the
 * timestamp as sent, a dot, and the raw request body. A receiver recomputes it over the body it
 * read (before parsing it), compares in constant time, and refuses a timestamp further than its
 * tolerance from its own clock, so a captured request cannot be replayed later.
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSignature {
  /** The header with the attempt's Unix time in seconds. */
  public static final String TIMESTAMP_HEADER = "X-Parley-Timestamp";
  /** The header with {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
  public static final String SIGNATURE_HEADER = "X-Parley-Signature";
  /** The header with the push's delivery id (the same on every attempt of one push). */
  public static final String DELIVERY_HEADER = "X-Parley-Delivery";
  /** The tolerance the README suggests: five minutes either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code timestamp} (Unix seconds). */
  public static String sign(byte[] secret, String timestamp, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp, body));
  }

  /**
   * True when {@code header} is the signature of {@code body} at {@code timestamp} with {@code
   * secret}, and the timestamp is within {@code tolerance} of now. False for anything missing or
   * malformed; never throws for bad input from the request.
   */
  public static boolean verify(byte[] secret, String timestamp, byte[] body, String header, Duration tolerance) {
    return verify(secret, timestamp, body, header, tolerance, Instant.now());
  }

  /** As {@link #verify(byte[], String, byte[], String, Duration)}, against the clock reading {@code now}. */
  public static boolean verify(byte[] secret, String timestamp, byte[] body, String header, Duration tolerance,
      Instant now) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tolerance, "tolerance");
    if (timestamp == null || body == null || header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, hmac(secret, timestamp, body));
  }

  private static byte[] hmac(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
    }
  }
}
