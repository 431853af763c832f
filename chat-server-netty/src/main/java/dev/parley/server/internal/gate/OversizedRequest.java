package dev.parley.server.internal.gate;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Stands in for a request whose body exceeded the limit: its body was (or is being) discarded
 * unread, and the handler answers 413 in its turn. {@code keepAlive} is false when the connection
 * cannot be reused (the client asked to close, or waits on {@code Expect: 100-continue} for a body
 * the decoder would misread). Immutable.
 */
record OversizedRequest(HttpMethod method, String uri, HttpVersion version, boolean keepAlive) {}
