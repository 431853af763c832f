/**
 * The Netty transport choice (native epoll or NIO) shared by the gate and the chat node. Internal:
 * no compatibility promise.
 */
package dev.parley.server.internal.transport;
