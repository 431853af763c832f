/**
 * The load generator: plain Netty clients speaking the wire protocol (varint32 length +
 * {@code ChatProtocol.Frame}), many connections per event loop, and the three load modes
 * (connections, latency, throughput) with their bookkeeping and reports.
 */
package dev.parley.bench.load;
