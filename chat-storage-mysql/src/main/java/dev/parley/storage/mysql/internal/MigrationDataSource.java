package dev.parley.storage.mysql.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source a schema migration runs on: the pool's connections with the network (socket)
 * timeout raised to a migration's patience, because waiting for another process's migration lock
 * or a long DDL must not be cut off by the short reply timeout that makes ordinary calls fail fast.
 * The pool restores its own timeout when a connection is returned. Thread-safe if the delegate is.
 */
final class MigrationDataSource implements DataSource {
  private static final Executor DIRECT = Runnable::run;

  private final DataSource delegate;
  private final int networkTimeoutMillis;

  MigrationDataSource(DataSource delegate, Duration networkTimeout) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.networkTimeoutMillis = Math.toIntExact(networkTimeout.toMillis());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return patient(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return patient(delegate.getConnection(username, password));
  }

  private Connection patient(Connection connection) throws SQLException {
    try {
      connection.setNetworkTimeout(DIRECT, networkTimeoutMillis);
    } catch (SQLFeatureNotSupportedException e) {
      // a driver without network timeouts has no short one to lift either
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }
}
