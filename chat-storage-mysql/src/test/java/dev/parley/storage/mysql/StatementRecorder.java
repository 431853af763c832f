package dev.parley.storage.mysql;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A Connector/J query interceptor recording the first words of every statement sent by a thread
 * whose name contains {@code -append-} (the append writers), so a test can count a batch's
 * statements. Install with {@code dataSourceProperty("queryInterceptors", StatementRecorder.class.getName())}.
 */
public final class StatementRecorder implements QueryInterceptor {
  static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();

  @Override
  public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
    return this;
  }

  @Override
  public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
    if (Thread.currentThread().getName().contains("-append-")) {
      String text = sql.get();
      String[] words = text.trim().split("\\s+", 4);
      String head = String.join(" ", List.of(words).subList(0, Math.min(3, words.length)));
      STATEMENTS.add(text.contains("RETURNING") ? head + " … RETURNING" : text.contains("FOR UPDATE") ? head + " … FOR UPDATE" : head);
    }
    return null;
  }

  @Override
  public boolean executeTopLevelOnly() {
    return true;
  }

  @Override
  public void destroy() {}

  @Override
  public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
      ServerSession serverSession) {
    return null;
  }
}
