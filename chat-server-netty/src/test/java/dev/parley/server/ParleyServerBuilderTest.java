package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.mail.ConsoleMailSender;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.core.model.LoginPolicy;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The all-in-one builder composes the role builders: its defaults are theirs (one owner each) and
 * its checks are theirs, and role settings reach the roles through {@code chatNode(..)} / {@code gate(..)}.
 */
class ParleyServerBuilderTest {
  private final MutableClock clock = new MutableClock();

  @Test
  void theInMemoryPresenceLivesTheSpiDefaultTtlLikeEveryRegistry() {
    PresenceRegistry presence = ParleyServer.builder().clock(clock).build().config().presence();
    presence.bind(new PresenceBinding(1, "chat-1", "s1", clock.instant()), LoginPolicy.onePerPlatform());

    clock.advance(PresenceRegistry.DEFAULT_TTL.minusSeconds(1));
    assertThat(presence.isOnline(1)).as("alive within %s", PresenceRegistry.DEFAULT_TTL).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(presence.isOnline(1)).isFalse();
    assertThat(PresenceRegistry.DEFAULT_TTL).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void theInMemoryTokensLiveTheTokenStoreDefault() {
    TokenStore tokens = ParleyServer.builder().clock(clock).build().config().tokens();
    String token = tokens.issue(7).token();

    clock.advance(TokenStore.DEFAULT_TTL.minusSeconds(1));
    assertThat(tokens.verify(token)).isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void everyRoleBindsTheSameDefaultAddress() {
    ChatNode node = nodeBuilder().build();
    ParleyServer server = ParleyServer.builder().build();
    GateServer gate = GateServer.builder().accountService(accounts()).build();

    assertThat(node.advertisedHost()).isEqualTo("127.0.0.1");
    assertThat(server.config().host()).isEqualTo("127.0.0.1");
    assertThat(gate.host()).isEqualTo("127.0.0.1");
    assertThat(StatusServer.builder().host()).isEqualTo("127.0.0.1");
    assertThat(VerifyServer.builder().host()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "::0", "[0:0:0:0:0:0:0:0]"})
  void aWildcardHostNeedsAnAdvertisedHostAtBuildLikeAChatNode(String wildcard) {
    assertThatThrownBy(() -> nodeBuilder().host(wildcard).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("host " + wildcard + " is a wildcard");
    assertThatThrownBy(() -> ParleyServer.builder().host(wildcard).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("host " + wildcard + " is a wildcard");
    assertThat(ParleyServer.builder().host(wildcard).advertisedHost("chat.example.com").build().config().host())
        .isEqualTo(wildcard);
  }

  @Test
  void roleSettingsReachTheRolesThroughTheirOwnBuilders() {
    ParleyServer server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting())
        .chatNode(b -> b.nodeId("chat-7").offloadAllRequests(true))
        .gate(b -> b.preferNativeTransport(false))
        .build().start();
    try {
      assertThat(server.chatNode().nodeId()).isEqualTo("chat-7");
      assertThat(server.chatNode().requestsOnEventLoop()).isFalse();
      assertThat(server.gateUrl()).startsWith("http://127.0.0.1:");
    } finally {
      server.stop();
    }
  }

  private AccountService accounts() {
    InMemoryVerificationCodes codes = new InMemoryVerificationCodes();
    return new AccountService(new InMemoryUserStore(clock), codes, new VerificationService(codes, new ConsoleMailSender()),
        new InMemoryTokenStore(), Argon2PasswordHasher.forTesting(), new InMemoryRateLimiter(clock),
        new InMemoryNodeDirectory(), ChatLimits.defaults());
  }

  private static ChatNodeBuilder nodeBuilder() {
    return ChatNode.builder().userStore(new InMemoryUserStore()).friendStore(new InMemoryFriendStore())
        .messageStore(new InMemoryMessageStore()).presenceRegistry(new InMemoryPresenceRegistry())
        .tokenStore(new InMemoryTokenStore()).nodeDirectory(new InMemoryNodeDirectory())
        .loginLock(new InMemoryLoginLock());
  }
}
