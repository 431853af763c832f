package dev.parley.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the gate serves the admin HTTP API ({@code /api/v1/admin/...}): on a listener of
 * its own, never on the public gate port, bound to loopback unless told otherwise, and open only to
 * callers that prove who they are, by a bearer secret ({@code Authorization: Bearer <secret>},
 * compared in constant time), by a TLS client certificate that the configured CA signed (mutual
 * TLS), or by both (then both are required). Each bearer secret has a principal name, which the
 * audit log records; a certificate caller is recorded by its subject.
 *
 * <pre>{@code
 * AdminApiSettings admin = AdminApiSettings.builder().port(8081)
 *     .bearer("billing-app", System.getenv("PARLEY_ADMIN_SECRET")).build();
 * AdminApiSettings mtls = AdminApiSettings.builder().port(8081)
 *     .tls(TlsSettings.builder().certificateChain(chain).privateKey(key)
 *         .trustedCertificates(adminCa).clientAuth(TlsSettings.ClientAuth.REQUIRE).build()).build();
 * }</pre>
 *
 * <p>Immutable; secrets are kept only as SHA-256 digests.
 */
public final class AdminApiSettings {
  /** The shortest bearer secret accepted: 32 characters (a 192-bit random value in base64 has them). */
  public static final int MIN_SECRET_LENGTH = 32;
  /** The admin listener's default port. */
  public static final int DEFAULT_PORT = 8081;

  /** One accepted bearer secret (its digest) and the principal name the audit log records for it. */
  public record Bearer(String principal, byte[] secretDigest) {
    public Bearer {
      secretDigest = secretDigest.clone();
    }

    @Override
    public byte[] secretDigest() {
      return secretDigest.clone();
    }

    @Override
    public String toString() {
      return "Bearer[" + principal + "]";
    }
  }

  private final String host;
  private final int port;
  private final List<Bearer> bearers;
  private final TlsSettings tls;

  private AdminApiSettings(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.bearers = List.copyOf(b.bearers);
    this.tls = b.tls;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address the admin listener binds; default 127.0.0.1. */
  public String host() {
    return host;
  }

  /** The admin listener's port; default {@value #DEFAULT_PORT}; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The accepted bearer secrets; empty when callers authenticate by client certificate only. */
  public List<Bearer> bearers() {
    return bearers;
  }

  /** The listener's TLS; with {@code clientAuth(REQUIRE)} callers need a certificate its trusted CA signed. */
  public Optional<TlsSettings> tls() {
    return Optional.ofNullable(tls);
  }

  /** Whether callers must present a client certificate. */
  public boolean mutualTls() {
    return tls != null && tls.clientAuth() == TlsSettings.ClientAuth.REQUIRE;
  }

  /** SHA-256 of {@code secret}'s UTF-8 bytes: what secrets are compared by (equal lengths, so constant time). */
  public static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "AdminApiSettings[" + host + ":" + port + ", bearers=" + bearers + ", mutualTls=" + mutualTls() + "]";
  }

  /** Builds {@link AdminApiSettings}. Not thread-safe. */
  public static final class Builder {
    private String host = BuilderChecks.DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private final List<Bearer> bearers = new ArrayList<>();
    private TlsSettings tls;

    private Builder() {}

    /** Address to bind; default 127.0.0.1. Anything else exposes the admin API to that network. */
    public Builder host(String v) {
      host = BuilderChecks.requireText("host", v);
      return this;
    }

    /** Port to bind; default {@value #DEFAULT_PORT}; 0 picks a free one. Must differ from the gate's. */
    public Builder port(int v) {
      port = BuilderChecks.port(v);
      return this;
    }

    /**
     * Accepts {@code Authorization: Bearer <secret>}, recorded in the audit log as {@code principal}.
     * May be called again for more callers (or to roll a secret: old and new both work until the
     * old one is removed). IllegalArgumentException for a secret shorter than {@value #MIN_SECRET_LENGTH}
     * characters, with whitespace, or a blank principal.
     */
    public Builder bearer(String principal, String secret) {
      BuilderChecks.requireText("principal", principal);
      Objects.requireNonNull(secret, "secret");
      if (secret.length() < MIN_SECRET_LENGTH || secret.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("an admin secret is at least " + MIN_SECRET_LENGTH
            + " characters without whitespace, this one has " + secret.length());
      }
      bearers.add(new Bearer(principal, digest(secret)));
      return this;
    }

    /**
     * {@link #bearer} with the secret read from {@code file} (its one line, surrounding whitespace
     * stripped), so the secret is never on a command line. UncheckedIOException when unreadable,
     * IllegalArgumentException as {@link #bearer} for a bad secret (the message never shows it).
     */
    public Builder bearerFile(String principal, Path file) {
      String secret;
      try {
        secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the admin secret file " + file, e);
      }
      try {
        return bearer(principal, secret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("admin secret file " + file + ": " + e.getMessage(), e);
      }
    }

    /** Serve HTTPS with {@code settings}; with {@code clientAuth(REQUIRE)} and a trusted CA, mutual TLS. */
    public Builder tls(TlsSettings settings) {
      tls = Objects.requireNonNull(settings, "tls");
      return this;
    }

    /** IllegalStateException unless a bearer secret or mutual TLS (clientAuth REQUIRE) is configured. */
    public AdminApiSettings build() {
      boolean mutual = tls != null && tls.clientAuth() == TlsSettings.ClientAuth.REQUIRE;
      if (bearers.isEmpty() && !mutual) {
        throw new IllegalStateException("the admin API needs a bearer secret or mutual TLS (clientAuth REQUIRE)");
      }
      return new AdminApiSettings(this);
    }
  }
}
