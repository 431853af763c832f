package dev.parley.cache.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cache.redis.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The EVALSHA fallbacks, with a script body no Redis has seen before (a random comment gives it a
 * new SHA-1), which is exactly the state after a restart or failover.
 */
class LuaScriptIT {
  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private RedissonClient client;
  private String prefix;

  @BeforeEach
  void setUp() {
    client = redis.client();
    prefix = redis.newPrefix();
  }

  private static LuaScript unknownScript() {
    return new LuaScript("incr-by", "-- " + UUID.randomUUID() + "\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
  }

  private boolean known(LuaScript script) {
    return client.getScript().scriptExists(script.sha()).get(0);
  }

  @Test
  void singleCallFallsBackToEvalWhenTheServerDoesNotKnowTheScript() {
    LuaScript script = unknownScript();
    assertThat(known(script)).isFalse();
    Long first = script.eval(client, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, List.of(prefix + "n"), "5");
    Long second = script.eval(client, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, List.of(prefix + "n"), "2");
    assertThat(first).isEqualTo(5L);
    assertThat(second).isEqualTo(7L);
    assertThat(known(script)).isTrue();
  }

  @Test
  void batchLoadsAnUnknownScriptAndRunsEveryCallOnce() {
    LuaScript script = unknownScript();
    assertThat(known(script)).isFalse();
    List<LuaScript.Call> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(new LuaScript.Call(List.of(prefix + "k" + (i % 5)), "1"));
    }

    List<Long> results = script.evalAll(client, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, calls);

    assertThat(known(script)).isTrue();
    assertThat(results).hasSize(50).startsWith(1L, 1L, 1L, 1L, 1L, 2L).endsWith(10L);
    for (int k = 0; k < 5; k++) {
      assertThat(client.getBucket(prefix + "k" + k, StringCodec.INSTANCE).get()).isEqualTo("10");
    }
  }
}
