package dev.parley.server;

import dev.parley.core.service.AdminAudit;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what the tests' SLF4J binding (slf4j-simple, which writes each line to the current
 * {@code System.err}) prints while open, still passing it on to the real stderr, and answers the
 * lines of the admin audit logger {@value AdminAudit#LOGGER}. One per test; close restores stderr.
 */
final class AuditLogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  AuditLogCapture() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (captured) {
          captured.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (captured) {
          captured.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** Every captured line of the audit logger. */
  List<String> auditLines() {
    String all;
    synchronized (captured) {
      all = captured.toString(StandardCharsets.UTF_8);
    }
    return Arrays.stream(all.split("\n")).filter(l -> l.contains(" " + AdminAudit.LOGGER + " ")).toList();
  }

  /** Everything captured. */
  String all() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
