/**
 * gRPC plumbing of the status and verify roles: generated stubs, service implementations that
 * delegate to the chat-core SPIs, message conversions and the error mapping.
 *
 * <p>Internal: no compatibility promise. Use {@link dev.parley.server.StatusServer},
 * {@link dev.parley.server.StatusClient}, {@link dev.parley.server.VerifyServer} and
 * {@link dev.parley.server.VerifyClient} instead.
 */
package dev.parley.server.internal.grpc;
