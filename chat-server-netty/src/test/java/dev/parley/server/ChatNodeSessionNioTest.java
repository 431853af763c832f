package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.service.ChatLimits;
import org.junit.jupiter.api.Test;

/** {@link ChatNodeSessionTest} on Netty's NIO transport, the fallback where epoll is unavailable. */
class ChatNodeSessionNioTest extends ChatNodeSessionTest {
  @Override
  ChatCluster newCluster() {
    return super.newCluster().nio();
  }

  @Test
  void runsOnNio() {
    ChatNode node = cluster().startNode("nio", ChatLimits.defaults());
    assertThat(node.transport()).isEqualTo("NIO");
  }
}
