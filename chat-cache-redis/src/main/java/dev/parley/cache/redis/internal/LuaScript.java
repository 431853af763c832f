package dev.parley.cache.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
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

  private LuaScript(String name, String body) {
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

  /** Queues the script by SHA-1 in {@code batch}; call {@link #preload} before executing it. */
  public <R> RFuture<R> evalInBatch(RBatch batch, RScript.Mode mode, RScript.ReturnType type,
      List<Object> keys, Object... args) {
    return batch.getScript(StringCodec.INSTANCE).evalShaAsync(mode, sha, type, keys, args);
  }

  /** Makes every master know the script, so batched {@code EVALSHA} calls find it. */
  public void preload(RedissonClient client) {
    client.getScript(StringCodec.INSTANCE).scriptLoad(body);
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
