package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.TypingState;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.sdk.BlockedUser;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Conversation;
import dev.parley.sdk.Device;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.HistoryPage;
import dev.parley.sdk.MessageRevision;
import dev.parley.sdk.Profile;
import dev.parley.sdk.ProfileChanges;
import dev.parley.sdk.RevisionResult;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.Settings;
import dev.parley.sdk.store.LocalStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The {@link ChatSession} implementation: turns calls into request frames for its
 * {@link SessionEngine} and responses into the SDK's records, completing futures on the callback
 * executor (the group requests are in {@link GroupSessionMethods}). Thread-safe.
 */
final class DefaultChatSession extends GroupSessionMethods {
  private volatile Profile profile;

  DefaultChatSession(SessionEngine engine, LocalStore store, Executor callbacks, Blocking blocking, Profile profile) {
    super(engine, store, callbacks, blocking);
    this.profile = profile;
  }

  @Override
  public long userId() {
    return engine.userId();
  }

  @Override
  public String deviceId() {
    return engine.deviceId();
  }

  @Override
  public long readPosition() {
    return engine.readPosition();
  }

  @Override
  public void markRead(long upToSeq) {
    if (upToSeq < 0) {
      throw new IllegalArgumentException("upToSeq must not be negative, got " + upToSeq);
    }
    engine.markRead(upToSeq);
  }

  @Override
  public boolean readReceiptsEnabled() {
    return engine.readReceiptsEnabled();
  }

  @Override
  public Profile profile() {
    return profile;
  }

  @Override
  public ConnectionState state() {
    return engine.state();
  }

  @Override
  public LocalStore localStore() {
    return store;
  }

  @Override
  public CompletableFuture<Long> caughtUp() {
    return Async.relay(engine.caughtUp(), Function.identity(), callbacks);
  }

  @Override
  public CompletableFuture<SendResult> sendMessageAsync(long peerId, String text) {
    return sendMessageAsync(peerId, text, UUID.randomUUID().toString());
  }

  @Override
  public CompletableFuture<SendResult> sendMessageAsync(long peerId, String text, String clientMsgId) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    ChatException refused = Failures.badClientMsgId(clientMsgId);
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    return Async.relay(engine.send(peerId, text, clientMsgId), Function.identity(), callbacks);
  }

  @Override
  public SendResult sendMessage(long peerId, String text) {
    return blocking.await(sendMessageAsync(peerId, text));
  }

  @Override
  public CompletableFuture<Profile> profileAsync(long userId) {
    return call("get_profile", Frame.newBuilder().setGetProfile(ChatProtocol.GetProfileRequest.newBuilder().setUserId(userId)),
        f -> ProtoMapping.profile(expect(f, f.hasProfileResponse(), "get_profile").getProfileResponse().getProfile()));
  }

  @Override
  public CompletableFuture<Profile> updateProfileAsync(ProfileChanges changes) {
    ChatProtocol.UpdateProfileRequest.Builder update = ChatProtocol.UpdateProfileRequest.newBuilder();
    changes.nickname().ifPresent(update::setNickname);
    changes.avatarUrl().ifPresent(update::setAvatarUrl);
    changes.bio().ifPresent(update::setBio);
    return call("update_profile", Frame.newBuilder().setUpdateProfile(update), f -> {
      Profile updated = ProtoMapping.profile(expect(f, f.hasProfileResponse(), "update_profile").getProfileResponse().getProfile());
      profile = updated;
      store.saveProfile(updated);
      return updated;
    });
  }

  @Override
  public CompletableFuture<List<Profile>> searchUsersAsync(String query, int limit) {
    Frame.Builder frame = Frame.newBuilder().setSearchUsers(ChatProtocol.SearchUsersRequest.newBuilder()
        .setQuery(Objects.requireNonNull(query, "query")).setLimit(Math.max(limit, 0)));
    return call("search_users", frame, f -> expect(f, f.hasSearchUsersResponse(), "search_users")
        .getSearchUsersResponse().getUsersList().stream().map(ProtoMapping::profile).toList());
  }

  @Override
  public List<Profile> searchUsers(String query, int limit) {
    return blocking.await(searchUsersAsync(query, limit));
  }

  @Override
  public Optional<Profile> findUser(String name) {
    return searchUsers(name, 50).stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst();
  }

  @Override
  public CompletableFuture<FriendRequest> sendFriendRequestAsync(long toUserId, String greeting, String remark) {
    Frame.Builder frame = Frame.newBuilder().setSendFriendRequest(ChatProtocol.SendFriendRequestRequest.newBuilder()
        .setToUserId(toUserId).setGreeting(Objects.requireNonNullElse(greeting, ""))
        .setRemark(Objects.requireNonNullElse(remark, "")));
    return call("send_friend_request", frame, f -> ProtoMapping.friendRequest(
        expect(f, f.hasFriendRequestResponse(), "send_friend_request").getFriendRequestResponse().getRequest()));
  }

  @Override
  public FriendRequest sendFriendRequest(long toUserId, String greeting, String remark) {
    return blocking.await(sendFriendRequestAsync(toUserId, greeting, remark));
  }

  @Override
  public CompletableFuture<Optional<Friend>> answerFriendRequestAsync(long requesterId, boolean accept, String remark) {
    Frame.Builder frame = Frame.newBuilder().setAnswerFriendRequest(ChatProtocol.AnswerFriendRequestRequest.newBuilder()
        .setRequesterId(requesterId).setAccept(accept).setRemark(Objects.requireNonNullElse(remark, "")));
    return call("answer_friend_request", frame, f -> {
      ChatProtocol.AnswerFriendRequestResponse answer =
          expect(f, f.hasAnswerFriendRequestResponse(), "answer_friend_request").getAnswerFriendRequestResponse();
      store.removePendingRequest(requesterId);
      if (!answer.hasFriend()) {
        return Optional.empty();
      }
      Friend friend = ProtoMapping.friend(answer.getFriend());
      store.saveFriend(friend);
      return Optional.of(friend);
    });
  }

  @Override
  public Friend acceptFriendRequest(long requesterId, String remark) {
    return blocking.await(answerFriendRequestAsync(requesterId, true, remark)).orElseThrow(() ->
        new ChatException(ErrorCode.INTERNAL, "node accepted request from " + requesterId + " but returned no friend"));
  }

  @Override
  public CompletableFuture<Void> setFriendRemarkAsync(long friendId, String remark) {
    Frame.Builder frame = Frame.newBuilder().setSetFriendRemark(ChatProtocol.SetFriendRemarkRequest.newBuilder()
        .setFriendId(friendId).setRemark(Objects.requireNonNullElse(remark, "")));
    return call("set_friend_remark", frame, f -> {
      store.friends().stream().filter(fr -> fr.userId() == friendId).findFirst()
          .ifPresent(fr -> store.saveFriend(new Friend(fr.profile(), remark, fr.since(), fr.online())));
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> removeFriendAsync(long friendId) {
    Frame.Builder frame = Frame.newBuilder().setRemoveFriend(ChatProtocol.RemoveFriendRequest.newBuilder().setFriendId(friendId));
    return call("remove_friend", frame, f -> {
      store.removeFriend(friendId);
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> blockAsync(long userId) {
    return call("block_user", Frame.newBuilder().setBlockUser(ChatProtocol.BlockUserRequest.newBuilder()
        .setUserId(userId)), f -> null);
  }

  @Override
  public void block(long userId) {
    blocking.await(blockAsync(userId));
  }

  @Override
  public CompletableFuture<Void> unblockAsync(long userId) {
    return call("unblock_user", Frame.newBuilder().setUnblockUser(ChatProtocol.UnblockUserRequest.newBuilder()
        .setUserId(userId)), f -> null);
  }

  @Override
  public void unblock(long userId) {
    blocking.await(unblockAsync(userId));
  }

  @Override
  public CompletableFuture<List<BlockedUser>> listBlockedAsync() {
    return call("list_blocked", Frame.newBuilder().setListBlocked(ChatProtocol.ListBlockedRequest.getDefaultInstance()),
        f -> expect(f, f.hasListBlockedResponse(), "list_blocked").getListBlockedResponse().getUsersList().stream()
            .map(b -> new BlockedUser(ProtoMapping.profile(b.getProfile()), Instant.ofEpochMilli(b.getBlockedAtMs())))
            .toList());
  }

  @Override
  public List<BlockedUser> listBlocked() {
    return blocking.await(listBlockedAsync());
  }

  @Override
  public CompletableFuture<Void> typingAsync(long toUserId, TypingState state) {
    return call("typing", Frame.newBuilder().setTyping(ChatProtocol.TypingRequest.newBuilder()
        .setToUserId(toUserId).setStateValue(state.wireValue())), f -> null);
  }

  @Override
  public void typing(long toUserId, TypingState state) {
    blocking.await(typingAsync(toUserId, state));
  }

  @Override
  public CompletableFuture<Void> groupTypingAsync(long groupId, TypingState state) {
    return call("typing", Frame.newBuilder().setTyping(ChatProtocol.TypingRequest.newBuilder()
        .setGroupId(groupId).setStateValue(state.wireValue())), f -> null);
  }

  @Override
  public void groupTyping(long groupId, TypingState state) {
    blocking.await(groupTypingAsync(groupId, state));
  }

  @Override
  public CompletableFuture<List<Friend>> friendsAsync() {
    return call("list_friends", Frame.newBuilder().setListFriends(ChatProtocol.ListFriendsRequest.getDefaultInstance()), f -> {
      List<Friend> friends = expect(f, f.hasListFriendsResponse(), "list_friends").getListFriendsResponse()
          .getFriendsList().stream().map(ProtoMapping::friend).toList();
      store.replaceFriends(friends);
      return friends;
    });
  }

  @Override
  public List<Friend> friends() {
    return blocking.await(friendsAsync());
  }

  @Override
  public CompletableFuture<List<FriendRequest>> friendRequestsAsync() {
    Frame.Builder frame = Frame.newBuilder().setListFriendRequests(ChatProtocol.ListFriendRequestsRequest.getDefaultInstance());
    return call("list_friend_requests", frame, f -> {
      List<FriendRequest> requests = expect(f, f.hasListFriendRequestsResponse(), "list_friend_requests")
          .getListFriendRequestsResponse().getRequestsList().stream().map(ProtoMapping::friendRequest).toList();
      store.replacePendingRequests(requests);
      return requests;
    });
  }

  @Override
  public List<FriendRequest> friendRequests() {
    return blocking.await(friendRequestsAsync());
  }

  @Override
  public CompletableFuture<HistoryPage> historyAsync(long peerId, long beforeId, int limit) {
    Frame.Builder frame = Frame.newBuilder().setHistory(ChatProtocol.HistoryRequest.newBuilder()
        .setPeerId(peerId).setBeforeId(beforeId).setLimit(Math.max(limit, 0)));
    return call("history", frame, f -> ProtoMapping.history(expect(f, f.hasHistoryResponse(), "history")
        .getHistoryResponse(), userId()));
  }

  @Override
  public HistoryPage history(long peerId, long beforeId, int limit) {
    return blocking.await(historyAsync(peerId, beforeId, limit));
  }

  @Override
  public CompletableFuture<List<Conversation>> conversationsAsync(int limit) {
    Frame.Builder frame = Frame.newBuilder().setListConversations(
        ChatProtocol.ListConversationsRequest.newBuilder().setLimit(Math.max(limit, 0)));
    return call("list_conversations", frame, f -> expect(f, f.hasListConversationsResponse(), "list_conversations")
        .getListConversationsResponse().getConversationsList().stream()
        .map(c -> ProtoMapping.conversation(c, userId())).toList());
  }

  @Override
  public List<Conversation> conversations(int limit) {
    return blocking.await(conversationsAsync(limit));
  }

  @Override
  public CompletableFuture<List<Device>> listDevicesAsync() {
    return call("list_devices", Frame.newBuilder().setListDevices(ChatProtocol.ListDevicesRequest.getDefaultInstance()),
        f -> expect(f, f.hasListDevicesResponse(), "list_devices").getListDevicesResponse().getDevicesList().stream()
            .map(ProtoMapping::device).toList());
  }

  @Override
  public List<Device> listDevices() {
    return blocking.await(listDevicesAsync());
  }

  @Override
  public CompletableFuture<Void> revokeDeviceAsync(String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    if (!DeviceIds.isValid(deviceId)) {
      return CompletableFuture.failedFuture(new ChatException(ErrorCode.BAD_REQUEST,
          "deviceId must be 1 to 64 of A-Z a-z 0-9 . _ : -"));
    }
    Frame.Builder frame = Frame.newBuilder().setRevokeDevice(ChatProtocol.RevokeDeviceRequest.newBuilder().setDeviceId(deviceId));
    return call("revoke_device", frame, f -> null);
  }

  @Override
  public void revokeDevice(String deviceId) {
    blocking.await(revokeDeviceAsync(deviceId));
  }

  @Override
  public CompletableFuture<Void> muteSessionAsync(boolean muted) {
    return Async.relay(engine.mute(muted), f -> {
      expect(f, f.hasEmptyResponse(), "mute_session");
      return null;
    }, callbacks);
  }

  @Override
  public void muteSession(boolean muted) {
    blocking.await(muteSessionAsync(muted));
  }

  @Override
  public CompletableFuture<Settings> settingsAsync() {
    return call("get_settings", Frame.newBuilder().setGetSettings(ChatProtocol.GetSettingsRequest.getDefaultInstance()),
        f -> ProtoMapping.settings(expect(f, f.hasSettingsResponse(), "get_settings").getSettingsResponse().getSettings()));
  }

  @Override
  public Settings settings() {
    return blocking.await(settingsAsync());
  }

  @Override
  public CompletableFuture<Settings> updateSettingsAsync(boolean sendReadReceipts) {
    Frame.Builder frame = Frame.newBuilder().setUpdateSettings(
        ChatProtocol.UpdateSettingsRequest.newBuilder().setSendReadReceipts(sendReadReceipts));
    return call("update_settings", frame, f -> ProtoMapping.settings(
        expect(f, f.hasSettingsResponse(), "update_settings").getSettingsResponse().getSettings()));
  }

  @Override
  public Settings updateSettings(boolean sendReadReceipts) {
    return blocking.await(updateSettingsAsync(sendReadReceipts));
  }

  @Override
  public CompletableFuture<RevisionResult> recallAsync(long messageId) {
    return revise("recall_message", Frame.newBuilder().setRecallMessage(
        ChatProtocol.RecallMessageRequest.newBuilder().setMessageId(messageId)));
  }

  @Override
  public RevisionResult recall(long messageId) {
    return blocking.await(recallAsync(messageId));
  }

  @Override
  public CompletableFuture<RevisionResult> editAsync(long messageId, String text) {
    return revise("edit_message", Frame.newBuilder().setEditMessage(ChatProtocol.EditMessageRequest.newBuilder()
        .setMessageId(messageId).setText(Objects.requireNonNull(text, "text"))));
  }

  @Override
  public RevisionResult edit(long messageId, String text) {
    return blocking.await(editAsync(messageId, text));
  }

  @Override
  public CompletableFuture<RevisionResult> deleteForMeAsync(long messageId) {
    return revise("delete_message", Frame.newBuilder().setDeleteMessage(
        ChatProtocol.DeleteMessageRequest.newBuilder().setMessageId(messageId)));
  }

  @Override
  public RevisionResult deleteForMe(long messageId) {
    return blocking.await(deleteForMeAsync(messageId));
  }

  @Override
  public CompletableFuture<RevisionResult> recallGroupMessageAsync(long groupId, long seq) {
    return revise("recall_message", Frame.newBuilder().setRecallMessage(
        ChatProtocol.RecallMessageRequest.newBuilder().setGroupId(groupId).setSeq(seq)));
  }

  @Override
  public RevisionResult recallGroupMessage(long groupId, long seq) {
    return blocking.await(recallGroupMessageAsync(groupId, seq));
  }

  @Override
  public CompletableFuture<RevisionResult> editGroupMessageAsync(long groupId, long seq, String text) {
    return revise("edit_message", Frame.newBuilder().setEditMessage(ChatProtocol.EditMessageRequest.newBuilder()
        .setGroupId(groupId).setSeq(seq).setText(Objects.requireNonNull(text, "text"))));
  }

  @Override
  public RevisionResult editGroupMessage(long groupId, long seq, String text) {
    return blocking.await(editGroupMessageAsync(groupId, seq, text));
  }

  /** Sends a revision request; once stored, its own entry goes through the mailbox (or group) sequencer. */
  private CompletableFuture<RevisionResult> revise(String kind, Frame.Builder frame) {
    return call(kind, frame, f -> {
      ChatProtocol.RevisionAck ack = expect(f, f.hasRevisionAck(), kind).getRevisionAck();
      if (ack.getDuplicate()) {
        return new RevisionResult(0, null, true);
      }
      if (ack.hasRevision()) {
        MessageRevision own = ProtoMapping.revision(ack.getSeq(), ack.getRevision());
        if (own != null) {
          engine.ownRevision(own);
        }
      } else if (ack.hasGroupMessage()) {
        engine.ownGroupEntry(GroupMapping.message(ack.getGroupMessage(), engine.userId()));
      }
      return new RevisionResult(ack.getSeq(), Instant.ofEpochMilli(ack.getAtMs()), false);
    });
  }

  @Override
  public CompletableFuture<Duration> pingAsync() {
    long start = System.nanoTime();
    return call("ping", Frame.newBuilder().setPing(ChatProtocol.PingRequest.getDefaultInstance()),
        f -> Duration.ofNanos(System.nanoTime() - start));
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "ChatSession[user=" + userId() + ", device=" + deviceId() + ", state=" + state() + "]";
  }
}
