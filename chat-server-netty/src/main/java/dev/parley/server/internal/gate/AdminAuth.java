package dev.parley.server.internal.gate;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.server.AdminApiSettings;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who an admin request comes from: the principal of the bearer secret it presents (every
 * configured secret is compared, by SHA-256 digest and {@link MessageDigest#isEqual}, with no early
 * exit, so timing tells nothing about which or how much matched), and/or the subject of its TLS
 * client certificate when the listener requires one. Any failure is the same UNAUTHORIZED with no
 * detail. Immutable and thread-safe.
 */
final class AdminAuth {
  /** The one refusal: it does not say whether the header was missing, malformed or wrong. */
  static final String REFUSAL = "unauthorized";

  private final List<AdminApiSettings.Bearer> bearers;
  private final boolean mutualTls;

  AdminAuth(AdminApiSettings settings) {
    this.bearers = settings.bearers();
    this.mutualTls = settings.mutualTls();
  }

  /** The caller's name for the audit log; UNAUTHORIZED otherwise. */
  String authenticate(GateRequest request) {
    String subject = request.peerSubject();
    if (mutualTls && subject == null) {
      throw refused(); // the handshake requires a certificate; this is a backstop
    }
    if (bearers.isEmpty()) {
      return subject;
    }
    String principal = bearerPrincipal(request.header(HttpHeaderNames.AUTHORIZATION).orElse(""));
    if (principal == null) {
      throw refused();
    }
    return subject == null ? principal : principal + " (" + subject + ")";
  }

  private String bearerPrincipal(String header) {
    String value = header.trim();
    int space = value.indexOf(' ');
    String presented = space > 0 && value.substring(0, space).equalsIgnoreCase("Bearer")
        ? value.substring(space + 1).trim() : "";
    byte[] digest = AdminApiSettings.digest(presented);
    String match = null;
    for (AdminApiSettings.Bearer bearer : bearers) {
      if (MessageDigest.isEqual(bearer.secretDigest(), digest) && !presented.isEmpty()) {
        match = bearer.principal();
      }
    }
    return match;
  }

  static ChatException refused() {
    return new ChatException(ErrorCode.UNAUTHORIZED, REFUSAL);
  }
}
