/**
 * Internal: TLS for the listening ports (contexts, per-channel handlers, handshake counters,
 * certificate reload). Not a public API.
 */
package dev.parley.server.internal.tls;
