package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;
import java.util.Objects;

/**
 * One simulated device of a user: its position among the user's devices ({@code 0} sends in the
 * messaging modes), the device id its login names and its platform. Immutable.
 *
 * @param index the device's position among its user's devices, 0-based
 * @param id the login's {@code device_id} (1-64 of A-Z a-z 0-9 . _ : -)
 * @param platform the login's platform
 */
public record BenchDevice(int index, String id, ChatProtocol.Platform platform) {
  /** The platforms devices 0, 1, 2, 3 get; device 4 and beyond are OTHER as well. */
  private static final ChatProtocol.Platform[] PLATFORMS = {ChatProtocol.Platform.DESKTOP,
      ChatProtocol.Platform.MOBILE, ChatProtocol.Platform.WEB, ChatProtocol.Platform.OTHER};

  /** Devices per user a bench run supports. */
  public static final int MAX_PER_USER = 8;

  public BenchDevice {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platform, "platform");
  }

  /** Device {@code index} of user {@code userId}: id {@code bench-<user>-d<index>}, platforms DESKTOP, MOBILE, WEB, OTHER... */
  public static BenchDevice of(long userId, int index) {
    return new BenchDevice(index, "bench-" + userId + "-d" + index, PLATFORMS[Math.min(index, PLATFORMS.length - 1)]);
  }

  /**
   * How many devices of one user a login policy keeps at once with the platforms {@link #of} gives:
   * one for single, one per distinct platform (DESKTOP, MOBILE, WEB, OTHER: 4) for one-per-platform,
   * N for multi:N.
   */
  public static int allowedBy(String policy, int maxSessions) {
    if (policy == null) {
      return PLATFORMS.length; // a server that does not say runs the default, one per platform
    }
    if (policy.equals("one-per-platform")) {
      return Math.min(PLATFORMS.length, maxSessions);
    }
    return maxSessions;
  }
}
