/**
 * gRPC services and clients between Parley's roles, and the classes generated from their protos.
 *
 * <p>Internal: no compatibility promise.
 */
package dev.parley.server.internal.grpc;
