package dev.parley.netty.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of every plain executor in Parley (the node's blocking-work pool and push
 * lanes, the gate's workers, the gRPC roles' executors, the SDK's callback and HTTP threads): named
 * threads, so a thread dump says whose they are, and daemons, so a forgotten server or client never
 * keeps a JVM alive. Event loops use Netty's {@code DefaultThreadFactory} instead (through
 * {@link NettyTransport#newGroup}), whose threads carry Netty's fast thread-locals.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads named {@code prefix} followed by 1, 2, 3, ...; thread-safe. */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
