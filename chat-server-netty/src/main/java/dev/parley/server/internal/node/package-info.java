/**
 * The chat node's internals: the running node and its frozen configuration, the Netty pipeline
 * (framing and codec from {@code dev.parley.netty.internal}; idle and login timeouts, rate
 * limit, slow-consumer guard), sessions, request handlers, the event router and node maintenance.
 *
 * <p>Internal: no compatibility promise. Applications use {@link dev.parley.server.ChatNode}.
 */
package dev.parley.server.internal.node;
