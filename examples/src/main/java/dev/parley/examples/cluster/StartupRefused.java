package dev.parley.examples.cluster;

/**
 * A role refuses to start for a reason the operator fixes (a port already in use, a {@code --host}
 * that is not an address of this machine). The launcher prints {@code error: <message>} as one
 * line on stderr, without a stack trace, and exits with status 1. Immutable.
 */
final class StartupRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupRefused(String message) {
    super(message, null, false, false);
  }
}
