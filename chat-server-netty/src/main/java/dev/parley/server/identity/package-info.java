/**
 * Bring your own users: {@link dev.parley.server.identity.JwtAuthenticator}, the
 * {@link dev.parley.core.hooks.Authenticator} for JWTs a host application mints, configured by
 * {@link dev.parley.server.identity.JwtSettings} (HS256 secret, RS256/ES256 PEM public key or a
 * JWKS file; issuer, audience, expiry and not-before checked). Give it to the gate, the chat node or
 * the all-in-one server with {@code .jwt(settings)} or {@code .authenticator(...)}.
 */
package dev.parley.server.identity;
