/**
 * The gate's HTTP/1.1 JSON pipeline: connection set-up, body aggregation with a size limit, request
 * ordering per connection, routing, JSON bodies, the account routes and metrics.
 *
 * <p>Internal: no compatibility promise. Use {@link dev.parley.server.GateServer} instead.
 */
package dev.parley.server.internal.gate;
