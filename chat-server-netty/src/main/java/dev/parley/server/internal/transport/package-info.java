/**
 * The Netty transport choice (native epoll or NIO), the connection caps and the cheap executor
 * refusal shared by the gate and the chat node. Internal: no compatibility promise.
 */
package dev.parley.server.internal.transport;
