package dev.parley.core.service;

import dev.parley.core.ChatException;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of the admin API: one INFO line on the SLF4J logger {@value #LOGGER} per admin
 * operation, saying who ran it, what it was, on which ids, and how it ended, e.g.
 * {@code admin op=send-message who=billing-app from=7 to=12 message=931 outcome=OK}. It never
 * carries message text, passwords, e-mail addresses or tokens: callers pass ids only. Thread-safe.
 */
public final class AdminAudit {
  /** The logger every admin audit line goes to. */
  public static final String LOGGER = "parley.admin";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private AdminAudit() {}

  /**
   * One operation's line being put together: {@link #target} adds {@code key=value} pairs (ids,
   * counts, flags: never free text from a request), {@link #ok} or {@link #failed} writes it. Not
   * thread-safe; one per operation.
   */
  public static final class Entry {
    private final StringJoiner line;

    Entry(String op, String who) {
      line = new StringJoiner(" ").add("admin op=" + op).add("who=" + quoted(who));
    }

    /** Adds {@code key=value}; {@code value} must be an id, a count or a constant. */
    public Entry target(String key, Object value) {
      line.add(key + "=" + quoted(String.valueOf(value)));
      return this;
    }

    /** Writes the line with outcome OK. */
    public void ok() {
      log.info("{} outcome=OK", line);
    }

    /** Writes the line with the failure's error code (INTERNAL for anything not a ChatException). */
    public void failed(RuntimeException e) {
      String code = e instanceof ChatException chat ? chat.code().name() : "INTERNAL";
      log.info("{} outcome={}", line, code);
    }
  }

  /** Starts the line of operation {@code op} run by {@code who}. */
  public static Entry begin(String op, String who) {
    return new Entry(op, who);
  }

  /** Values with spaces, quotes or '=' (a certificate subject) are quoted, so a line parses one way. */
  private static String quoted(String value) {
    boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c < 127);
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder("\"");
    value.codePoints().limit(200).forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c < ' ' || c == 127) {
        out.append('?');
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }
}
