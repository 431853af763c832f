package dev.parley.sdk.internal;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.store.LocalStore;
import io.netty.channel.EventLoop;

/**
 * What a session is built from. Immutable holder.
 *
 * @param loop the one event loop all the session's connections and timers use
 * @param transport the client's transport (channel type)
 * @param settings the client's settings
 * @param gate the gate, for reconnect routes
 * @param login the login the session started from (token, first node)
 * @param store the session's local store
 * @param listener the application's listener
 */
record SessionParts(EventLoop loop, Transport transport, SessionSettings settings, GateClient gate,
    LoginResult login, LocalStore store, ChatListener listener) {}
