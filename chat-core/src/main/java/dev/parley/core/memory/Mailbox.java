package dev.parley.core.memory;

import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One user's mailbox inside {@link InMemoryMessageStore}: its entries (seq = index + 1), its
 * conversations indexed by peer and by recency, and its acknowledged position.
 *
 * <p>Not thread-safe by itself: the store guards every access with this object's monitor.
 */
final class Mailbox {
  private final long ownerId;
  private final ArrayList<MailboxEntry> entries = new ArrayList<>();
  private final Map<Long, ConversationLog> conversationsByPeer = new HashMap<>();
  /** Conversations keyed by their last message id, so the most recent is the last key. */
  private final NavigableMap<Long, ConversationLog> conversationsByLastId = new TreeMap<>();
  private long ackedSeq;

  Mailbox(long ownerId) {
    this.ownerId = ownerId;
  }

  /**
   * Appends {@code message} at the next seq. Callers append in increasing message-id order, which
   * the store guarantees by drawing ids while holding this mailbox's monitor.
   */
  MailboxEntry append(Message message) {
    MailboxEntry entry = new MailboxEntry(ownerId, entries.size() + 1L, message);
    entries.add(entry);
    long peer = message.peerOf(ownerId);
    ConversationLog log = conversationsByPeer.computeIfAbsent(peer, ConversationLog::new);
    if (!log.messages.isEmpty()) {
      conversationsByLastId.remove(log.last().id());
    }
    log.add(entry);
    conversationsByLastId.put(message.id(), log);
    return entry;
  }

  long lastSeq() {
    return entries.size();
  }

  long ackedSeq() {
    return ackedSeq;
  }

  void ack(long upToSeq) {
    ackedSeq = Math.max(ackedSeq, Math.min(upToSeq, lastSeq()));
  }

  List<MailboxEntry> read(long afterSeq, int limit) {
    int from = (int) Math.min(Math.max(afterSeq, 0), entries.size());
    int to = (int) Math.min(entries.size(), (long) from + limit);
    return List.copyOf(entries.subList(from, to));
  }

  List<Message> history(long peerId, long beforeId, int limit) {
    ConversationLog log = conversationsByPeer.get(peerId);
    return log == null ? List.of() : log.before(beforeId, limit);
  }

  List<Conversation> conversations(int limit) {
    List<Conversation> out = new ArrayList<>(Math.min(limit, conversationsByLastId.size()));
    for (ConversationLog log : conversationsByLastId.descendingMap().values()) {
      if (out.size() == limit) {
        break;
      }
      out.add(new Conversation(log.peerId, log.last(), log.unreadAfter(ackedSeq)));
    }
    return out;
  }

  /** The messages between the owner and one peer, ascending by id (and by seq). */
  private static final class ConversationLog {
    final long peerId;
    final ArrayList<Message> messages = new ArrayList<>();
    /** Seqs of the peer's messages in the owner's mailbox, ascending; grows like an ArrayList. */
    long[] peerSeqs = new long[4];
    int peerCount;

    ConversationLog(long peerId) {
      this.peerId = peerId;
    }

    void add(MailboxEntry entry) {
      messages.add(entry.message());
      if (entry.message().senderId() == peerId) {
        if (peerCount == peerSeqs.length) {
          peerSeqs = Arrays.copyOf(peerSeqs, peerCount * 2);
        }
        peerSeqs[peerCount++] = entry.seq();
      }
    }

    Message last() {
      return messages.get(messages.size() - 1);
    }

    int unreadAfter(long ackedSeq) {
      return peerCount - upperBound(ackedSeq);
    }

    /** How many of the peer's seqs are at most {@code seq}. */
    private int upperBound(long seq) {
      int lo = 0;
      int hi = peerCount;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (peerSeqs[mid] <= seq) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** Up to {@code limit} messages with id below {@code beforeId} (any when {@code <= 0}), newest first. */
    List<Message> before(long beforeId, int limit) {
      int end = beforeId <= 0 ? messages.size() : firstIdAtLeast(beforeId);
      int start = Math.max(0, end - limit);
      List<Message> page = new ArrayList<>(end - start);
      for (int i = end - 1; i >= start; i--) {
        page.add(messages.get(i));
      }
      return page;
    }

    private int firstIdAtLeast(long id) {
      int lo = 0;
      int hi = messages.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (messages.get(mid).id() < id) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
