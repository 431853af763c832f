package dev.parley.cache.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

/**
 * One Lua script shipped as a class-path resource next to this class. It is called by its SHA-1
 * ({@code EVALSHA}) so the body crosses the network only when a server does not know it yet
 * (first use, restart, failover, {@code SCRIPT FLUSH}); then {@code EVAL} runs and caches it.
 * Immutable and thread-safe.
 */
public final class LuaScript {
  private final String name;
  private final String body;
  private final String sha;

  /** The keys and arguments of one run of a script. */
  public record Call(List<Object> keys, Object... args) {}

  LuaScript(String name, String body) {
    this.name = name;
    this.body = body;
    this.sha = sha1(body);
  }

  /** Loads {@code <name>.lua} from this package's resources. */
  public static LuaScript load(String name) {
    String resource = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing Lua script resource " + resource);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lua script " + resource, e);
    }
  }

  /**
   * Runs the script with string arguments (all values travel as strings, decoded by
   * {@link StringCodec}). Redis failures surface as Redisson exceptions; callers wrap the call in
   * {@link RedisCall}.
   */
  public <R> R eval(RedissonClient client, RScript.Mode mode, RScript.ReturnType type,
      List<Object> keys, Object... args) {
    RScript script = client.getScript(StringCodec.INSTANCE);
    try {
      return script.evalSha(mode, sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      return script.eval(mode, body, type, keys, args);
    }
  }

  /**
   * Runs the script once per call in one pipelined {@link RBatch} (Redisson splits it per cluster
   * node) and returns the results in call order. A batch cannot fall back from {@code EVALSHA} to
   * {@code EVAL} per command, so when a server does not know the script the whole batch is retried
   * once after {@code SCRIPT LOAD} on every master; callers therefore only batch idempotent calls.
   */
  public <R> List<R> evalAll(RedissonClient client, RScript.Mode mode, RScript.ReturnType type, List<Call> calls) {
    try {
      return runBatch(client, mode, type, calls);
    } catch (RedisException e) {
      if (!isMissingScript(e)) {
        throw e;
      }
      client.getScript(StringCodec.INSTANCE).scriptLoad(body);
      return runBatch(client, mode, type, calls);
    }
  }

  private <R> List<R> runBatch(RedissonClient client, RScript.Mode mode, RScript.ReturnType type, List<Call> calls) {
    RBatch batch = client.createBatch(BatchOptions.defaults());
    RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
    List<RFuture<R>> replies = new ArrayList<>(calls.size());
    for (Call call : calls) {
      replies.add(script.evalShaAsync(mode, sha, type, call.keys(), call.args()));
    }
    batch.execute();
    List<R> results = new ArrayList<>(calls.size());
    for (RFuture<R> reply : replies) {
      results.add(reply.toCompletableFuture().join());
    }
    return results;
  }

  /** True when {@code e} (or a cause) is Redis saying it does not know a script ({@code NOSCRIPT}). */
  public static boolean isMissingScript(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisNoScriptException || String.valueOf(t.getMessage()).contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  /** The SHA-1 Redis knows the script by. */
  String sha() {
    return sha;
  }

  /** The resource name, for error messages. */
  public String name() {
    return name;
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-1", e);
    }
  }
}
