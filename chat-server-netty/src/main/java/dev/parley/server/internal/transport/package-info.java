/**
 * What the gate and the chat node share about refusing work cheaply under overload
 * ({@code CheapRejection}); the transport choice lives in {@code dev.parley.netty.internal}.
 * Internal: no compatibility promise.
 */
package dev.parley.server.internal.transport;
