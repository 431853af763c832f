/**
 * The Netty pieces the chat node, the Java SDK and the benchmarks' clients share: the chat
 * protocol's framing ({@link dev.parley.netty.internal.VarintFrameDecoder},
 * {@link dev.parley.netty.internal.FrameParser}, {@link dev.parley.netty.internal.FrameEncoder},
 * bad input reported as a {@link dev.parley.netty.internal.BadFrame}), the epoll/NIO chooser
 * ({@link dev.parley.netty.internal.NettyTransport}) and the thread factory
 * ({@link dev.parley.netty.internal.DaemonThreads}). Internal: no compatibility promise.
 */
package dev.parley.netty.internal;
