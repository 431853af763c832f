package dev.parley.storage.mysql.internal;

import java.sql.SQLException;

/**
 * An {@link SQLException} from plain JDBC code run inside {@link Transactions}, unchecked so it
 * leaves the callback; {@link Transactions} classifies it like jdbi's own exceptions (by the
 * cause chain, {@link SqlErrors}).
 */
final class SqlFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SqlFailure(String what, SQLException cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
