package dev.parley.core.memory;

import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageRevision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's mailbox inside {@link InMemoryMessageStore}: its entries, its conversations indexed by
 * peer and by recency, the owner's sent messages indexed by client message id, and its
 * acknowledged position.
 *
 * <p>Laid out for a store that holds every message in memory: per entry it keeps one reference in
 * the entry array (seq = index + 1) and one in the conversation's array, and, for a message the
 * owner sent, one slot of the sent index (two ints, at most half full); for a message the peer
 * sent, one long of the conversation's unread index. The {@link Message} itself is shared by both
 * mailboxes. No per-entry objects, no boxed keys: {@link MailboxEntry}s are made when read.
 *
 * <p>Not thread-safe by itself: the store guards every access with this object's monitor.
 */
final class Mailbox {
  private final long ownerId;
  /** A {@link Message}, a {@link GroupNotice} or a {@link MessageRevision} per entry. */
  private Object[] entries = new Object[8];
  private int size;
  private final LongObjectMap<ConversationLog> conversationsByPeer = new LongObjectMap<>(4);
  /** The conversation with the newest message; each links to the one active before it. */
  private ConversationLog mostRecent;
  private final SentIndex sent = new SentIndex();
  private long ackedSeq;

  Mailbox(long ownerId) {
    this.ownerId = ownerId;
  }

  /**
   * Appends {@code message} at the next seq and returns the seq. Callers append in increasing
   * message-id order, which the store guarantees by drawing ids while holding this mailbox's
   * monitor; so the most recently appended conversation is the one with the highest last id.
   */
  long append(Message message) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    entries[size++] = message;
    long seq = size;
    long peer = message.peerOf(ownerId);
    ConversationLog log = conversationsByPeer.get(peer);
    if (log == null) {
      log = new ConversationLog(peer);
      conversationsByPeer.put(peer, log);
    }
    log.add(message, seq);
    moveToFront(log);
    return seq;
  }

  /** Appends a notice at the next seq and returns the seq; it joins no conversation. */
  long appendNotice(GroupNotice notice) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    entries[size++] = notice;
    return size;
  }

  /** Appends a revision entry at the next seq and returns the seq; it joins no conversation. */
  long appendRevision(MessageRevision revision) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    entries[size++] = revision;
    return size;
  }

  /**
   * The index in the entry array of message {@code messageId}, or -1. Message entries lie in
   * increasing id order with notices and revisions between them: a binary search that steps over
   * those, O(log n) unless long runs of non-message entries lie in the way.
   */
  int indexOf(long messageId) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int j = mid;
      while (j < hi && !(entries[j] instanceof Message)) {
        j++;
      }
      if (j == hi) {
        hi = mid;
        continue;
      }
      long id = ((Message) entries[j]).id();
      if (id == messageId) {
        return j;
      }
      if (id < messageId) {
        lo = j + 1;
      } else {
        hi = mid;
      }
    }
    return -1;
  }

  /** The message at entry index {@code index} ({@link #indexOf}). */
  Message messageAt(int index) {
    return (Message) entries[index];
  }

  /**
   * Replaces the message at entry index {@code index} by {@code revised} (the same id in a new
   * state), in the entry array and in its conversation.
   */
  void replace(int index, Message revised) {
    entries[index] = revised;
    conversationsByPeer.get(revised.peerOf(ownerId)).replace(revised);
  }

  /** Records that the owner's message at {@code seq} is at {@code recipientSeq} in its recipient's mailbox. */
  void indexSent(long seq, long recipientSeq) {
    sent.put(this, (int) seq, (int) recipientSeq);
  }

  /**
   * The seq of the owner's own message with {@code clientMsgId}, its recipient's seq in the low 32
   * bits and its own in the high 32 bits; -1 when the owner sent none with that id.
   */
  long findSent(String clientMsgId) {
    return sent.find(this, clientMsgId);
  }

  /** The message at {@code seq} (1 ≤ seq ≤ {@link #lastSeq}), which must be a message entry. */
  Message at(long seq) {
    return (Message) entries[(int) (seq - 1)];
  }

  long lastSeq() {
    return size;
  }

  long ackedSeq() {
    return ackedSeq;
  }

  /** Moves the position up to {@code upToSeq} (forward only, never past the last seq); returns the previous one. */
  long ack(long upToSeq) {
    long previous = ackedSeq;
    ackedSeq = Math.max(ackedSeq, Math.min(upToSeq, lastSeq()));
    return previous;
  }

  List<MailboxEntry> read(long afterSeq, int limit) {
    int from = (int) Math.min(Math.max(afterSeq, 0), size);
    int to = (int) Math.min(size, (long) from + limit);
    List<MailboxEntry> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Object e = entries[i];
      if (e instanceof Message m) {
        out.add(new MailboxEntry(ownerId, i + 1L, m));
      } else if (e instanceof MessageRevision r) {
        out.add(MailboxEntry.ofRevision(ownerId, i + 1L, r));
      } else {
        out.add(MailboxEntry.ofNotice(ownerId, i + 1L, (GroupNotice) e));
      }
    }
    return out;
  }

  List<Message> history(long peerId, long beforeId, int limit) {
    ConversationLog log = conversationsByPeer.get(peerId);
    return log == null ? List.of() : log.before(beforeId, limit);
  }

  List<Conversation> conversations(int limit) {
    List<Conversation> out = new ArrayList<>(Math.min(limit, conversationsByPeer.size()));
    for (ConversationLog log = mostRecent; log != null && out.size() < limit; log = log.older) {
      Message last = log.last();
      if (last != null) { // null: the owner deleted every message of it
        out.add(new Conversation(log.peerId, last, log.unreadAfter(ackedSeq)));
      }
    }
    return out;
  }

  private void moveToFront(ConversationLog log) {
    if (mostRecent == log) {
      return;
    }
    if (log.newer != null) { // unlink
      log.newer.older = log.older;
      if (log.older != null) {
        log.older.newer = log.newer;
      }
    }
    log.newer = null;
    log.older = mostRecent;
    if (mostRecent != null) {
      mostRecent.newer = log;
    }
    mostRecent = log;
  }

  /** The messages between the owner and one peer, ascending by id (and by seq). */
  private static final class ConversationLog {
    final long peerId;
    Message[] messages = new Message[4];
    int count;
    /** Seqs of the peer's messages in the owner's mailbox, ascending. */
    long[] peerSeqs = new long[4];
    int peerCount;
    ConversationLog newer;
    ConversationLog older;

    ConversationLog(long peerId) {
      this.peerId = peerId;
    }

    void add(Message message, long seq) {
      if (count == messages.length) {
        messages = Arrays.copyOf(messages, count * 2);
      }
      messages[count++] = message;
      if (message.senderId() == peerId) {
        if (peerCount == peerSeqs.length) {
          peerSeqs = Arrays.copyOf(peerSeqs, peerCount * 2);
        }
        peerSeqs[peerCount++] = seq;
      }
    }

    /** The newest message the owner has not deleted; null when none. */
    Message last() {
      for (int i = count - 1; i >= 0; i--) {
        if (!messages[i].deleted()) {
          return messages[i];
        }
      }
      return null;
    }

    /** Replaces the message with {@code revised}'s id by {@code revised}. */
    void replace(Message revised) {
      int i = firstIdAtLeast(revised.id());
      if (i < count && messages[i].id() == revised.id()) {
        messages[i] = revised;
      }
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

    /**
     * Up to {@code limit} messages with id below {@code beforeId} (any when {@code <= 0}), newest
     * first, skipping those the owner deleted.
     */
    List<Message> before(long beforeId, int limit) {
      int end = beforeId <= 0 ? count : firstIdAtLeast(beforeId);
      List<Message> page = new ArrayList<>(Math.min(limit, end));
      for (int i = end - 1; i >= 0 && page.size() < limit; i--) {
        if (!messages[i].deleted()) {
          page.add(messages[i]);
        }
      }
      return page;
    }

    private int firstIdAtLeast(long id) {
      int lo = 0;
      int hi = count;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (messages[mid].id() < id) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /**
   * The owner's sent messages by client message id: open addressing over the hash of the id, each
   * slot the message's seq here (0: free) and its seq in the recipient's mailbox; the id itself is
   * read from the entry, so nothing is stored twice. At most half full.
   */
  private static final class SentIndex {
    private int[] seqs = new int[8];
    private int[] recipientSeqs = new int[8];
    private int count;

    long find(Mailbox box, String clientMsgId) {
      int mask = seqs.length - 1;
      for (int i = slot(clientMsgId.hashCode(), mask); seqs[i] != 0; i = (i + 1) & mask) {
        if (box.at(seqs[i]).clientMsgId().equals(clientMsgId)) {
          return (long) seqs[i] << 32 | (recipientSeqs[i] & 0xFFFF_FFFFL);
        }
      }
      return -1;
    }

    void put(Mailbox box, int seq, int recipientSeq) {
      if ((count + 1) * 2 > seqs.length) {
        grow(box);
      }
      insert(box.at(seq).clientMsgId().hashCode(), seq, recipientSeq);
      count++;
    }

    private void insert(int hash, int seq, int recipientSeq) {
      int mask = seqs.length - 1;
      int i = slot(hash, mask);
      while (seqs[i] != 0) {
        i = (i + 1) & mask;
      }
      seqs[i] = seq;
      recipientSeqs[i] = recipientSeq;
    }

    private static int slot(int hash, int mask) {
      int h = hash * 0x9E3779B9;
      return (h ^ (h >>> 16)) & mask;
    }

    private void grow(Mailbox box) {
      int[] oldSeqs = seqs;
      int[] oldRecipientSeqs = recipientSeqs;
      seqs = new int[oldSeqs.length * 2];
      recipientSeqs = new int[oldSeqs.length * 2];
      for (int j = 0; j < oldSeqs.length; j++) {
        if (oldSeqs[j] != 0) {
          insert(box.at(oldSeqs[j]).clientMsgId().hashCode(), oldSeqs[j], oldRecipientSeqs[j]);
        }
      }
    }
  }
}
