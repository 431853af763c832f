/**
 * JMH benchmarks: wire frame encode/decode, the in-JVM send path over the in-memory backends, and
 * end-to-end one-to-one latency over loopback TCP through a real all-in-one server (in-memory, or
 * MySQL + Redis when reachable). Run them with {@code bin/parley-bench jmh [JMH options]}.
 */
package dev.parley.bench.jmh;
