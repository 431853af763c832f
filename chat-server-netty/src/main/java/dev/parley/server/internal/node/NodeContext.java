package dev.parley.server.internal.node;

import dev.parley.core.service.BlockService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.FriendService;
import dev.parley.core.service.GroupService;
import dev.parley.core.service.MessageService;
import dev.parley.core.service.ProfileService;
import dev.parley.core.service.RevisionService;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.LoginLock;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.TokenStore;
import java.util.Objects;

/**
 * Everything a chat node's request handlers share: its id, the services (built with the node's
 * {@link EventRouter} as their events), the SPIs login needs, the limits and the node's
 * {@link RequestThreading}, and the queue to the host's event listener ({@code hostEvents}, for the
 * presence changes the services do not see) and the {@code blocks} (issue 15). Immutable; its parts are thread-safe.
 */
public record NodeContext(String nodeId, ChatLimits limits, ProfileService profiles, FriendService friends,
    MessageService messages, GroupService groups, RevisionService revisions, FriendStore friendStore, PresenceRegistry presence, TokenStore tokens,
    LoginLock loginLock, EventRouter router, LocalSessions sessions, NodeMetrics metrics, RequestThreading threading,
    HostEventDispatcher hostEvents, BlockService blocks) {
  public NodeContext {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(friends, "friends");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(revisions, "revisions");
    Objects.requireNonNull(friendStore, "friendStore");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(loginLock, "loginLock");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(threading, "threading");
    Objects.requireNonNull(hostEvents, "hostEvents");
    Objects.requireNonNull(blocks, "blocks");
  }
}
