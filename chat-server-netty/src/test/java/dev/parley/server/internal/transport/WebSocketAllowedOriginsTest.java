package dev.parley.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The WebSocket port's Origin rule: exact list, any, same host; no Origin is a non-browser and passes. */
class WebSocketAllowedOriginsTest {
  @Test
  void aListAllowsExactlyItsOriginsIgnoringCaseAndATrailingSlash() {
    AllowedOrigins list = AllowedOrigins.of(List.of("https://chat.example.com", "http://localhost:5173/"));

    assertThat(list.allows("https://chat.example.com")).isTrue();
    assertThat(list.allows("HTTPS://Chat.Example.com/")).isTrue();
    assertThat(list.allows("http://localhost:5173")).isTrue();
    assertThat(list.allows("http://chat.example.com")).as("another scheme").isFalse();
    assertThat(list.allows("https://chat.example.com:8443")).as("another port").isFalse();
    assertThat(list.allows("https://evil.example.com")).isFalse();
    assertThat(list.allows("https://chat.example.com.evil.example")).isFalse();
    assertThat(list.allows("null")).as("an opaque origin").isFalse();
    assertThat(list.allows(null)).as("no Origin: not a browser").isTrue();
  }

  @Test
  void aStarAllowsAnyOrigin() {
    AllowedOrigins any = AllowedOrigins.of(List.of("*"));
    assertThat(any.allows("https://anything.example")).isTrue();
    assertThat(any.allows("null")).isTrue();
  }

  @Test
  void sameHostAllowsThatHostOnAnySchemeAndPortOnly() {
    AllowedOrigins host = AllowedOrigins.sameHost("chat.example.com");
    assertThat(host.allows("https://chat.example.com")).isTrue();
    assertThat(host.allows("http://CHAT.example.com:8080")).isTrue();
    assertThat(host.allows("https://www.chat.example.com")).isFalse();
    assertThat(host.allows("https://example.com")).isFalse();
    assertThat(host.allows("not a uri at all")).isFalse();
    assertThat(AllowedOrigins.sameHost("::1").allows("http://[::1]:3000")).isTrue();
  }

  @Test
  void anEntryThatIsNoBareOriginIsRefusedAtConfiguration() {
    for (String bad : List.of("chat.example.com", "https://chat.example.com/app", "https://chat.example.com?x=1",
        "https://user@chat.example.com", "*.example.com")) {
      assertThatThrownBy(() -> AllowedOrigins.of(List.of(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
  }
}
