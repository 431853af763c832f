package dev.parley.server.internal.gate;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Stands in for a request that did not arrive within its deadline (see {@link RequestDeadline}): the
 * handler answers 408 in its turn and closes the connection. {@code method} and {@code uri} are
 * null when even the request line never arrived. Immutable.
 *
 * @param why which deadline passed, for the error message
 */
record TimedOutRequest(HttpMethod method, String uri, HttpVersion version, String why) {}
