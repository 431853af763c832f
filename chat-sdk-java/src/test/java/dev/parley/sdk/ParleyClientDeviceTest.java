package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.model.Platform;
import dev.parley.sdk.store.InMemoryLocalStore;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.LocalStoreFactory;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the builder checks and chooses the device a client logs in as. */
class ParleyClientDeviceTest {
  private static final URI GATE = URI.create("http://127.0.0.1:1");

  @TempDir
  Path dir;

  @Test
  void deviceIdsAreCheckedWhenSet() {
    ParleyClient.Builder b = ParleyClient.builder();
    for (String bad : new String[] {"", " ", "has space", "slash/", "ümlaut", "x".repeat(65), "new\nline"}) {
      assertThatThrownBy(() -> b.deviceId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("deviceId");
    }
    assertThatThrownBy(() -> b.deviceId(null)).isInstanceOf(NullPointerException.class);
    b.deviceId("A-z_0.9:" + "x".repeat(56)); // all allowed characters, 64 long
    assertThatThrownBy(() -> b.platform(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void deviceNamesAreCheckedWhenSet() {
    ParleyClient.Builder b = ParleyClient.builder();
    assertThatThrownBy(() -> b.deviceName("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.deviceName("tab\there")).isInstanceOf(IllegalArgumentException.class);
    b.deviceName("  Ann's phone 📱 ");
  }

  @Test
  void theBuildersIdWinsThenTheStoreFactorysThenARandomOne() {
    try (ParleyClient set = ParleyClient.builder().gateUrl(GATE).deviceId("desk").localStoreFactory(
        LocalStoreFactory.mvStore(dir)).build()) {
      assertThat(set.deviceId()).isEqualTo("desk");
      assertThat(set.platform()).isEqualTo(Platform.DESKTOP);
    }
    String kept = LocalStoreFactory.mvStore(dir).deviceId();
    try (ParleyClient fromStore = ParleyClient.builder().gateUrl(GATE).platform(Platform.WEB)
        .localStoreFactory(LocalStoreFactory.mvStore(dir)).build()) {
      assertThat(fromStore.deviceId()).isEqualTo(kept);
      assertThat(fromStore.platform()).isEqualTo(Platform.WEB);
    }
    LocalStoreFactory memory = LocalStoreFactory.inMemory();
    try (ParleyClient a = ParleyClient.builder().gateUrl(GATE).localStoreFactory(memory).build();
        ParleyClient b = ParleyClient.builder().gateUrl(GATE).localStoreFactory(userId -> new InMemoryLocalStore()).build();
        ParleyClient c = ParleyClient.builder().gateUrl(GATE).localStoreFactory(userId -> new InMemoryLocalStore()).build()) {
      assertThat(a.deviceId()).isEqualTo(memory.deviceId());
      assertThat(b.deviceId()).isNotEqualTo(c.deviceId()).isNotEqualTo(a.deviceId());
    }
  }

  @Test
  void aStoreFactoryWithAnInvalidIdFailsTheBuild() {
    LocalStoreFactory broken = new LocalStoreFactory() {
      @Override
      public LocalStore open(long userId) {
        return new InMemoryLocalStore();
      }

      @Override
      public String deviceId() {
        return "not valid";
      }
    };
    assertThatThrownBy(() -> ParleyClient.builder().gateUrl(GATE).localStoreFactory(broken).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not valid");
  }
}
