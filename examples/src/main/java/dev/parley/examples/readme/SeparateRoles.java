package dev.parley.examples.readme;

import dev.parley.cache.redis.RedisCache;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.crypto.BoundedPasswordHasher;
import dev.parley.core.mail.ConsoleMailSender;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.core.spi.MailSender;
import dev.parley.server.ChatNode;
import dev.parley.server.GateServer;
import dev.parley.server.PresenceSessionCloser;
import dev.parley.server.StatusClient;
import dev.parley.server.StatusServer;
import dev.parley.server.VerifyClient;
import dev.parley.server.VerifyServer;
import dev.parley.storage.mysql.MysqlStorage;

/**
 * Each role built on its own, on MySQL/MariaDB and Redis, as the cluster launchers do it (there
 * each role runs in a process of its own, here all four share one JVM to keep the example short).
 */
public final class SeparateRoles {
  private SeparateRoles() {}

  public static void main(String[] args) throws InterruptedException {
    MysqlStorage mysql = MysqlStorage.builder()
        .jdbcUrl("jdbc:mysql://127.0.0.1:3306/parley?createDatabaseIfNotExist=true")
        .username("root").password("").build();                    // migrates the schema (Flyway)
    RedisCache redis = RedisCache.builder().singleServer("redis://127.0.0.1:6379").build();
    MailSender mail = new ConsoleMailSender();                      // or an SmtpMailSender

    // status: node registry + presence, over gRPC
    StatusServer status = StatusServer.builder().port(9100)
        .nodeDirectory(redis.nodeDirectory()).presence(redis.presence()).build().start();
    // verify: codes + mail, over gRPC
    VerifyServer verify = VerifyServer.builder().port(9101)
        .codeIssuer(new VerificationService(redis.verificationCodes(), mail)).build().start();
    // gate: HTTP; reaches verify and status through the same SPI interfaces
    StatusClient statusClient = StatusClient.forAddress("127.0.0.1", 9100);
    // a password reset kicks the user's open session on its node (presence names it)
    PresenceSessionCloser sessionCloser = new PresenceSessionCloser(redis.presence(), statusClient);
    AccountService accounts = new AccountService(mysql.userStore(), redis.verificationCodes(),
        VerifyClient.forAddress("127.0.0.1", 9101), redis.tokens(),
        BoundedPasswordHasher.forCores(Argon2PasswordHasher.defaults()), redis.rateLimiter(), statusClient,
        ChatLimits.defaults(), sessionCloser);
    GateServer gate = GateServer.builder().port(8080).accountService(accounts)
        .limits(ChatLimits.defaults()).build().start();              // GET /metrics on this port
    // chat node
    ChatNode node = ChatNode.builder().nodeId("chat-1").port(9000).internalPort(9200)
        .userStore(mysql.userStore()).friendStore(mysql.friendStore()).messageStore(mysql.messageStore())
        .groupStore(mysql.groupStore()).blockStore(mysql.blockStore())
        .presenceRegistry(redis.presence()).tokenStore(redis.tokens()).loginLock(redis.loginLock())
        .rateLimiter(redis.rateLimiter())                            // directory limits across nodes
        .changeFeed(redis.changeFeed())                              // node caches hear other nodes' changes
        .nodeDirectory(statusClient).build().start();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {         // reverse order of starting
      node.stop();
      gate.stop();
      sessionCloser.close();
      statusClient.close();
      verify.stop();
      status.stop();
      redis.close();
      mysql.close();
    }));
    Thread.currentThread().join();
  }
}
