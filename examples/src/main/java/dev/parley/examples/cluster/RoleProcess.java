package dev.parley.examples.cluster;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * The life of one role process: runs its picocli command, starts the role, prints the one
 * {@code ready} line, and on SIGTERM (a JVM shutdown hook) closes what the role started in reverse
 * order of starting. A start that fails closes what it had opened and exits with status 1, saying
 * why in one line on stderr.
 *
 * <p>Thread-safe: the shutdown hook may run while the role is still starting; a resource handed to
 * {@link #own} after shutdown began is closed at once.
 */
final class RoleProcess {
  /** Starts a role's servers, handing each to {@code role.own}; returns the ports for the ready line. */
  @FunctionalInterface
  interface Startup {
    String start(RoleProcess role) throws Exception;
  }

  private record Resource(String what, AutoCloseable closer) {}

  private final String name;
  private final Deque<Resource> resources = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closing;

  private RoleProcess(String name) {
    this.name = name;
  }

  /** Parses {@code args} into {@code command} and runs it; exits the JVM with its status when non-zero. */
  static void main(Object command, String[] args) {
    int status = execute(command, args, new PrintWriter(System.err, true));
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses {@code args} into {@code command}, runs it and returns its exit status: 0 after a clean
   * stop, 2 for bad arguments, 1 when the start failed. A {@link StartupRefused} is reported on
   * {@code err} as the one line {@code error: <reason>}; any other failure as
   * {@code error: <role> failed to start: <causes>} followed by its stack trace.
   */
  static int execute(Object command, String[] args, PrintWriter err) {
    // A server role logs at info (start, stop, re-registration), unlike the CLI the resource file tunes for.
    setLogDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setLogDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setLogDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    CommandLine cmd = new CommandLine(command)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(Duration.class, new DurationConverter())
        .registerConverter(HostPort.class, new HostPort.Converter())
        .setErr(err)
        .setExecutionExceptionHandler((e, line, parsed) -> {
          reportFailure(line.getCommandName(), e, line.getErr());
          return 1;
        });
    return cmd.execute(args);
  }

  private static void reportFailure(String role, Exception e, PrintWriter err) {
    if (e instanceof StartupRefused) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + role + " failed to start: " + causes(e));
      e.printStackTrace(err);
    }
    err.flush();
  }

  /** The messages of {@code e} and its causes, joined with ": ", repeats left out. */
  private static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String part = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (b.indexOf(part) < 0) {
        b.append(b.length() == 0 ? "" : ": ").append(part);
      }
    }
    return b.toString();
  }

  /**
   * Starts a role named {@code name} (e.g. {@code parley-status}) and blocks until SIGTERM has
   * stopped it; returns the exit status 0. Throws whatever {@code startup} threw, after closing.
   */
  static int serve(String name, Startup startup) throws Exception {
    RoleProcess role = new RoleProcess(name);
    Thread hook = new Thread(role::shutDown, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String ports;
    try {
      ports = startup.start(role);
    } catch (Exception | Error e) {
      role.closeAll();
      removeHook(hook);
      throw e;
    }
    System.out.println(name + " ready " + ports);
    System.out.flush();
    role.stopped.await();
    return 0;
  }

  /** Remembers {@code resource} to be closed with {@code closer} at shutdown; returns the resource. */
  <T> T own(String what, T resource, AutoCloseable closer) {
    synchronized (resources) {
      if (!closing) {
        resources.push(new Resource(what, closer));
        return resource;
      }
    }
    close(new Resource(what, closer));
    throw new IllegalStateException(name + " is shutting down");
  }

  /** {@link #own(String, Object, AutoCloseable)} for a resource that closes itself. */
  <T extends AutoCloseable> T own(String what, T resource) {
    return own(what, resource, resource);
  }

  private void shutDown() {
    System.out.println(name + " stopping");
    closeAll();
    System.out.println(name + " stopped");
    System.out.flush();
    stopped.countDown();
  }

  private void closeAll() {
    while (true) {
      Resource next;
      synchronized (resources) {
        closing = true;
        next = resources.poll();
      }
      if (next == null) {
        return;
      }
      close(next);
    }
  }

  private void close(Resource r) {
    try {
      r.closer().close();
    } catch (Exception e) {
      System.err.println(name + ": closing " + r.what() + " failed: " + e);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway and finds nothing left to close
    }
  }

  private static void setLogDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
