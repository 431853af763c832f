package dev.parley.server;

import dev.parley.core.protocol.ChatProtocol.AckRequest;
import dev.parley.core.protocol.ChatProtocol.AnswerFriendRequestRequest;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.HistoryRequest;
import dev.parley.core.protocol.ChatProtocol.PingRequest;
import dev.parley.core.protocol.ChatProtocol.RemoveFriendRequest;
import dev.parley.core.protocol.ChatProtocol.SendFriendRequestRequest;
import dev.parley.core.protocol.ChatProtocol.SendMessageRequest;
import dev.parley.core.protocol.ChatProtocol.SyncRequest;

/** Request frames the tests send, spelled once. */
final class Requests {
  private Requests() {}

  static Frame.Builder ping() {
    return Frame.newBuilder().setPing(PingRequest.getDefaultInstance());
  }

  static Frame.Builder send(long to, String clientMsgId, String text) {
    return Frame.newBuilder().setSendMessage(
        SendMessageRequest.newBuilder().setToUserId(to).setClientMsgId(clientMsgId).setText(text));
  }

  static Frame.Builder sync(long afterSeq, int limit) {
    return Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(afterSeq).setLimit(limit));
  }

  static Frame.Builder history(long peer, long beforeId, int limit) {
    return Frame.newBuilder().setHistory(HistoryRequest.newBuilder().setPeerId(peer).setBeforeId(beforeId).setLimit(limit));
  }

  static Frame.Builder friendRequest(long to, String greeting) {
    return Frame.newBuilder().setSendFriendRequest(
        SendFriendRequestRequest.newBuilder().setToUserId(to).setGreeting(greeting));
  }

  static Frame.Builder answer(long requester, boolean accept) {
    return Frame.newBuilder().setAnswerFriendRequest(
        AnswerFriendRequestRequest.newBuilder().setRequesterId(requester).setAccept(accept));
  }

  static Frame.Builder removeFriend(long friend) {
    return Frame.newBuilder().setRemoveFriend(RemoveFriendRequest.newBuilder().setFriendId(friend));
  }

  static Frame.Builder ack(long upTo) {
    return Frame.newBuilder().setAck(AckRequest.newBuilder().setUpToSeq(upTo));
  }
}
