package dev.parley.server.internal.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.GroupView;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.User;
import dev.parley.core.service.AdminService;
import java.util.List;

/** The admin API's response bodies (see {@link AdminRoutes}); records serialised by {@link GateJson}. */
final class AdminJson {
  private AdminJson() {}

  /** A user as the host sees it: the profile plus email, external id and whether it is disabled. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record AdminUser(long userId, String name, String nickname, String avatarUrl, String bio, String email,
      String externalId, boolean disabled, String createdAt) {
    static AdminUser of(User u) {
      return new AdminUser(u.id(), u.name(), u.nickname(), u.avatarUrl(), u.bio(), u.email(), u.externalId(),
          u.disabled(), u.createdAt().toString());
    }
  }

  /** 200 of PUT /friendships/{a}/{b}: {@code created} false when they were friends already. */
  record FriendshipMade(long userId, long friendId, boolean created) {}

  /** 201 (200 for a duplicate) of POST /messages: the message and each side's mailbox seq. */
  record MessageSent(long messageId, long senderId, long recipientId, long senderSeq, long recipientSeq,
      String sentAt, boolean duplicate) {
    static MessageSent of(AppendResult r) {
      return new MessageSent(r.message().id(), r.message().senderId(), r.message().recipientId(),
          r.senderEntry().seq(), r.recipientEntry().seq(), r.message().sentAt().toString(), r.duplicate());
    }
  }

  /** 201 of POST /groups. */
  record GroupCreated(long groupId, String name, long ownerId, int memberCount, String joinPolicy) {
    static GroupCreated of(GroupView v) {
      return new GroupCreated(v.group().id(), v.group().name(), v.group().ownerId(), v.group().memberCount(),
          v.group().joinPolicy().name());
    }
  }

  /** One live session of a user. */
  record Device(String deviceId, String platform, String nodeId, String since) {
    static Device of(PresenceBinding b) {
      return new Device(b.deviceId(), b.platform().name(), b.nodeId(), b.boundAt().toString());
    }
  }

  record UserPresence(long userId, boolean online, List<Device> devices) {}

  /** 200 of GET /presence. */
  record Presence(List<UserPresence> users) {
    static Presence of(List<AdminService.UserPresence> all) {
      return new Presence(all.stream().map(p -> new UserPresence(p.userId(), p.online(),
          p.sessions().stream().map(Device::of).toList())).toList());
    }
  }
}
