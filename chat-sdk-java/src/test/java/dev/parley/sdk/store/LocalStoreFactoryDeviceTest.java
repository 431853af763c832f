package dev.parley.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.sdk.internal.DeviceIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device ids of the built-in store factories, and the per-device store files. */
class LocalStoreFactoryDeviceTest {
  @TempDir
  Path dir;

  @Test
  void inMemoryMakesOneRandomValidIdPerFactory() {
    LocalStoreFactory one = LocalStoreFactory.inMemory();
    LocalStoreFactory two = LocalStoreFactory.inMemory();
    assertThat(one.deviceId()).isEqualTo(one.deviceId()).isNotEqualTo(two.deviceId());
    assertThat(DeviceIds.isValid(one.deviceId())).isTrue();
  }

  @Test
  void aFactoryThatKeepsNoIdSaysNull() {
    LocalStoreFactory custom = userId -> new InMemoryLocalStore();
    assertThat(custom.deviceId()).isNull();
    try (LocalStore store = custom.open(7, "phone")) {
      assertThat(store).isInstanceOf(InMemoryLocalStore.class); // open(userId, device) defaults to open(userId)
    }
  }

  @Test
  void mvStoreKeepsItsIdInTheDirectoryAcrossFactoriesAndRuns() throws Exception {
    Path storeDir = dir.resolve("gate_8080");
    String first = LocalStoreFactory.mvStore(storeDir).deviceId();

    assertThat(DeviceIds.isValid(first)).isTrue();
    assertThat(Files.readString(storeDir.resolve("device-id"), StandardCharsets.UTF_8).strip()).isEqualTo(first);
    assertThat(LocalStoreFactory.mvStore(storeDir).deviceId()).as("a later run").isEqualTo(first);
    assertThat(LocalStoreFactory.mvStore(dir.resolve("other_gate")).deviceId()).isNotEqualTo(first);
    try (var files = Files.list(storeDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("device-id");
    }
  }

  @Test
  void aCorruptDeviceIdFileIsReplacedWithAValidId() throws Exception {
    Files.writeString(dir.resolve("device-id"), "not a device id!\n", StandardCharsets.UTF_8);
    String id = LocalStoreFactory.mvStore(dir).deviceId();
    assertThat(DeviceIds.isValid(id)).isTrue();
    assertThat(Files.readString(dir.resolve("device-id"), StandardCharsets.UTF_8).strip()).isEqualTo(id);

    Files.write(dir.resolve("device-id"), new byte[] {(byte) 0xff, (byte) 0xfe, 0}); // not even text
    String again = LocalStoreFactory.mvStore(dir).deviceId();
    assertThat(DeviceIds.isValid(again)).isTrue();
    assertThat(again).isNotEqualTo(id);
  }

  @Test
  void aHandWrittenValidIdIsKept() throws Exception {
    Files.writeString(dir.resolve("device-id"), "  my-laptop:2 \n", StandardCharsets.UTF_8);
    assertThat(LocalStoreFactory.mvStore(dir).deviceId()).isEqualTo("my-laptop:2");
  }

  @Test
  void factoriesStartingTogetherAgreeOnOneId() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> starts = IntStream.range(0, 16)
          .<Callable<String>>mapToObj(i -> () -> LocalStoreFactory.mvStore(dir).deviceId()).toList();
      Set<String> ids = new HashSet<>();
      for (Future<String> f : pool.invokeAll(starts)) {
        ids.add(f.get());
      }
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void mvStoreKeepsOneFilePerUserAndDevice() {
    LocalStoreFactory factory = LocalStoreFactory.mvStore(dir);
    try (LocalStore phone = factory.open(7, "phone:1"); LocalStore laptop = factory.open(7, "laptop");
        LocalStore own = factory.open(8)) {
      assertThat(((MvStoreLocalStore) phone).file().getFileName()).hasToString("user-7-phone%3A1.mv.db");
      assertThat(((MvStoreLocalStore) laptop).file().getFileName()).hasToString("user-7-laptop.mv.db");
      assertThat(((MvStoreLocalStore) own).file().getFileName())
          .hasToString("user-8-" + factory.deviceId() + ".mv.db");
    }
  }
}
