package dev.parley.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The interactive shell's terminal, on JLine: line editing with a prompt, passwords read masked
 * (never echoed), and lines printed while the user is typing go above the line being edited
 * instead of splicing into it ({@link LineReader#printAbove}). On the process's own console it is
 * the system terminal; on other streams (tests) a dumb terminal that echoes nothing.
 *
 * <p>Thread-safe for {@link #print} (incoming events print from the SDK's callback thread); the
 * read methods are called by the shell's thread only.
 */
final class ShellTerminal implements AutoCloseable {
  private static final char MASK = '*';

  private final Terminal terminal;
  private final LineReader reader;
  /** Null on a terminal that cannot echo (the stream one): nothing to mask, no mask redraw thread. */
  private final Character mask;

  private ShellTerminal(Terminal terminal, Character mask) {
    this.terminal = terminal;
    this.mask = mask;
    this.reader = LineReaderBuilder.builder().terminal(terminal).appName("parley-cli")
        .variable(LineReader.HISTORY_SIZE, 500).build();
  }

  /** The process's console when {@code out} is {@code System.out}, else a dumb terminal on the streams. */
  static ShellTerminal open(InputStream in, OutputStream out, boolean systemConsole) {
    try {
      if (systemConsole) {
        return new ShellTerminal(TerminalBuilder.builder().system(true).build(), MASK);
      }
      // A dumb terminal straight on the streams: no pty, so nothing typed is ever echoed.
      return new ShellTerminal(new DumbTerminal(in, out), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal", e);
    }
  }

  /** Reads a line after {@code prompt}; null at end of input or on Ctrl-C / Ctrl-D. */
  String readLine(Supplier<String> prompt) {
    return read(prompt.get(), null);
  }

  /** Reads a line after {@code prompt}, trimmed; null at end of input. */
  String ask(String prompt) {
    String line = read(prompt, null);
    return line == null ? null : line.strip();
  }

  /** Reads a secret, never echoed: on a console every typed character shows as {@code *}; null at end of input. */
  String askSecret(String prompt) {
    return read(prompt, mask);
  }

  /** Prints {@code line}; while a line is being edited, above it, and the edited line is redrawn. */
  void print(String line) {
    if (reader.isReading()) {
      reader.printAbove(line);
    } else {
      terminal.writer().println(line);
      terminal.writer().flush();
    }
  }

  private String read(String prompt, Character mask) {
    try {
      return reader.readLine(prompt, mask);
    } catch (EndOfFileException | UserInterruptException e) {
      return null;
    }
  }

  @Override
  public void close() {
    terminal.writer().flush();
    try {
      terminal.close();
    } catch (IOException e) {
      // closing the console at exit: nothing left to tell
    }
  }
}
