package dev.parley.storage.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.NewGroup;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.UniqueNames;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every group read is served by an index, shown without EXPLAIN by what the server did: the
 * session's {@code Handler_read_%} counters (index look-ups, index range steps, table scan steps)
 * around each call, on a storage whose only connection is the one the counters are read on. The
 * tables hold far more rows than any call may touch (a 600-entry log, a 200-member group, 20
 * groups per user, 40 join requests, 300 mailbox notices), so a scan would show as hundreds of row reads; each bound
 * below is the rows the call returns or counts plus a small constant.
 */
class MysqlGroupIndexIT {
  private static final int MEMBERS = 200;
  private static final int ENTRIES = 600;
  private static final int GROUPS_PER_USER = 20;
  private static final int NOTICES = 300;

  private static TestDatabase db;
  private static MysqlStorage writer;
  private static Connection connection;
  private static MysqlStorage reader;
  private static GroupStore groups;
  private static long owner;
  private static long[] members;
  private static Group big;
  private static long baseline;

  @BeforeAll
  static void fill() throws Exception {
    db = new TestDatabase();
    // Filling is no test of latency: a loaded shared machine may take seconds for a batch.
    writer = db.storage().socketTimeout(java.time.Duration.ofSeconds(20)).build();
    GroupStore w = writer.groupStore();
    owner = UniqueNames.userId();
    members = LongStream.range(0, MEMBERS - 1).map(i -> UniqueNames.userId()).toArray();
    big = w.create(new NewGroup(owner, LongStream.of(members).boxed().toList(), "big", "", "", JoinPolicy.APPROVAL,
        false, 500), Instant.now());
    List<CompletableFuture<GroupAppendResult>> sent = new ArrayList<>();
    for (int i = 0; i < ENTRIES - 1; i++) {
      sent.add(w.appendAsync(big.id(), i % 2 == 0 ? owner : members[i % members.length], "c" + i, "m" + i, Instant.now()));
    }
    for (CompletableFuture<GroupAppendResult> f : sent) {
      f.get(60, TimeUnit.SECONDS);
    }
    for (int i = 1; i < GROUPS_PER_USER; i++) {
      Group small = w.create(new NewGroup(owner, List.of(members[0], members[1]), "small " + i, "", "",
          JoinPolicy.INVITE_ONLY, false, 10), Instant.now());
      w.append(small.id(), members[1], "hello", "hi", Instant.now());
    }
    for (int i = 0; i < 40; i++) {
      w.requestJoin(big.id(), UniqueNames.userId(), "let me in", Instant.now().plusSeconds(i));
    }
    for (int i = 0; i < 5; i++) {
      w.ack(big.id(), members[i], ENTRIES);
    }
    MessageStore messages = writer.messageStore();
    for (int i = 0; i < NOTICES; i++) {
      messages.appendNotice(owner, new GroupNotice(big.id(), GroupMessageKind.ROLE_CHANGED, members[0], 2,
          GroupRole.ADMIN, null, "big", Instant.now()));
    }
    connection = db.connect();
    reader = MysqlStorage.builder().dataSource(onlyConnection(connection)).migrate(false).build();
    groups = reader.groupStore();
    baseline = Math.max(rowsRead(), rowsRead()); // what reading the counters costs by itself
    baseline = Math.max(baseline, rowsRead());
  }

  @AfterAll
  static void tearDown() throws SQLException {
    try {
      if (reader != null) {
        reader.close();
      }
      if (connection != null) {
        connection.close();
      }
      if (writer != null) {
        writer.close();
      }
    } finally {
      db.close();
    }
  }

  /** Rows the server read for {@code call} on the one connection, minus the counters' own cost. */
  private static long rowsFor(Supplier<?> call) {
    rowsRead();
    call.get();
    return rowsRead() - baseline;
  }

  private static long rowsRead() {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Handler_read%'")) {
      long total = 0;
      while (rs.next()) {
        total += rs.getLong(2);
      }
      return total - previous(total);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long last;

  private static long previous(long total) {
    long p = last;
    last = total;
    return p;
  }

  @Test
  void readsOfTheLogArePrimaryKeyRanges() {
    assertThat(rowsFor(() -> groups.readAfter(big.id(), 300, 10))).isLessThanOrEqualTo(10 + 5);
    assertThat(rowsFor(() -> groups.readBefore(big.id(), 300, 0, 10))).isLessThanOrEqualTo(10 + 5);
    assertThat(rowsFor(() -> groups.readBefore(big.id(), 0, 590, 10))).isLessThanOrEqualTo(10 + 5);
    assertThat(rowsFor(() -> groups.find(big.id()))).isLessThanOrEqualTo(3);
  }

  @Test
  void memberReadsArePrimaryKeyRanges() {
    assertThat(rowsFor(() -> groups.member(big.id(), members[7]))).isLessThanOrEqualTo(3);
    assertThat(rowsFor(() -> groups.members(big.id(), members[7], 10))).isLessThanOrEqualTo(10 + 5);
    assertThat(rowsFor(() -> groups.readCount(big.id(), ENTRIES))).as("5 readers in the index range")
        .isLessThanOrEqualTo(5 + 5);
  }

  @Test
  void aUsersGroupsAreReadThroughItsMemberRows() {
    assertThat(rowsFor(() -> groups.groupCount(owner))).isLessThanOrEqualTo(GROUPS_PER_USER + 3);
    // Member rows, their groups, a sort of the 20, 5 last entries, 5 unread ranges: no log scan.
    assertThat(rowsFor(() -> groups.groupsOf(members[2], 5))).isLessThanOrEqualTo(3 * GROUPS_PER_USER + 40);
  }

  @Test
  void joinRequestsAreReadOldestFirstFromTheirIndex() {
    assertThat(rowsFor(() -> groups.joinRequests(big.id(), 5))).isLessThanOrEqualTo(5 + 5);
    assertThat(rowsFor(() -> groups.joinRequestCount(big.id()))).isLessThanOrEqualTo(40 + 3);
  }

  @Test
  void theMailboxReadMergesTwoPrimaryKeyRanges() {
    MessageStore messages = reader.messageStore();
    // Two ranges of at most 10 rows each, merged through a temporary table and sorted (about 60
    // handler reads on MariaDB 10.11 whatever the mailbox's size); a scan would read the 300 notices.
    assertThat(rowsFor(() -> messages.readMailbox(owner, 5, 10))).isLessThan(NOTICES / 3);
    assertThat(messages.readMailbox(owner, 5, 10)).hasSize(10).allMatch(e -> e.isNotice());
  }

  /** A data source handing out {@code c} again and again, whose close leaves it open. */
  private static DataSource onlyConnection(Connection c) {
    Connection unclosable = (Connection) Proxy.newProxyInstance(MysqlGroupIndexIT.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(c, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return (DataSource) Proxy.newProxyInstance(MysqlGroupIndexIT.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getConnection" -> unclosable;
          case "getLogWriter" -> (PrintWriter) null;
          case "getParentLogger" -> Logger.getGlobal();
          case "isWrapperFor" -> false;
          case "toString" -> "one connection";
          case "hashCode" -> 1;
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
