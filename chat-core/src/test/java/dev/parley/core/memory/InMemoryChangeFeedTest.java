package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.contract.ChangeFeedContract;
import org.junit.jupiter.api.Test;

/** The in-memory feed against its contract: every node of the JVM shares the one instance. */
class InMemoryChangeFeedTest extends ChangeFeedContract {
  private final InMemoryChangeFeed feed = new InMemoryChangeFeed();

  @Override
  protected ChangeFeed newNodeFeed() {
    return feed;
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    Recording after = new Recording();
    feed.subscribe("t", new ChangeFeed.Listener() {
      @Override
      public void changed(String key) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void resubscribed() {}
    });
    feed.subscribe("t", after);

    feed.publish("t", "5");

    assertThat(after.keys).containsExactly("5");
  }
}
