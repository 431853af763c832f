/**
 * The connection caps and the cheap executor refusal shared by the gate and the chat node; the
 * transport choice (native epoll or NIO) lives in {@code dev.parley.netty.internal}. Internal: no
 * compatibility promise.
 */
package dev.parley.server.internal.transport;
