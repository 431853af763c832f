package dev.parley.examples.cli;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A parley-cli run on its own thread whose input is typed line by line while it runs, so a test
 * can wait for output (a prompt, a mailed code, a presence change) before typing on. The client
 * sees a dumb terminal on these streams. Thread-safe enough for one test thread.
 */
final class LiveShell implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final PipedOutputStream typing = new PipedOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> status;

  LiveShell(String... args) {
    PipedInputStream in;
    try {
      in = new PipedInputStream(typing, 64 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    status = CompletableFuture.supplyAsync(() -> ParleyCli.execute(in, o, e, args));
  }

  /** Types {@code line} and Enter. */
  LiveShell type(String line) {
    try {
      typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      typing.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the shell stopped reading", e);
    }
    return this;
  }

  /** Waits until the output contains {@code text}. */
  LiveShell awaitOutput(String text) {
    try {
      await().atMost(WAIT).until(() -> out().contains(text));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no \"" + text + "\" in the output:\n" + out() + "\nerr:\n" + err(), e);
    }
    return this;
  }

  String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Ends the input and waits for the exit status. */
  int finish() throws Exception {
    typing.close();
    return status.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    typing.close();
    status.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
