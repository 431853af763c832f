// The Parley client module: the gate's HTTP API, the chat node's WebSocket (JSON text frames of
// parley.v1.Frame), login, request/response correlation, push dispatch, reconnect with backoff via
// POST /api/v1/routes, heartbeat, mailbox and group sync from the highest contiguous seq with gap
// fill, and an outbox whose client_msg_id makes a retried send be stored once. Everything it
// learns goes into the LocalStore first and is then announced as an event, so the UI only ever
// renders what is stored, once, in mailbox order.
//
// int64/uint64 values are JSON strings in the protobuf JSON mapping: ids stay strings here and
// seqs are compared as BigInt, never as Number.

import { LocalStore, dbName, orderKey } from './parley-store.js';

export const JSON_SUBPROTOCOL = 'parley.v1.json';
export const WS_PATH = '/ws';
const REQUEST_TIMEOUT_MS = 10000;
const SYNC_PAGE = 100;
const MAX_AHEAD = 1000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 8000;

/** An error with a Parley ErrorCode name (from the gate's body or the node's Error frame). */
export class ParleyError extends Error {
  constructor(code, message, retryAfterMs = 0, status = 0) {
    super(message || code);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
    this.status = status;
  }
}

/** One call of the gate's HTTP API (same origin as the page); resolves to the JSON body or null. */
export async function gateCall(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body || {}) });
  } catch (e) {
    throw new ParleyError('UNAVAILABLE', 'the server cannot be reached');
  }
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (!response.ok) {
    const retry = Number(response.headers.get('Retry-After') || 0) * 1000;
    const err = json && json.error ? json.error : { code: 'INTERNAL', message: `HTTP ${response.status}` };
    throw new ParleyError(err.code, err.message, retry, response.status);
  }
  return json;
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const big = (s) => BigInt(s || 0);

/**
 * Orders entries of one log (the mailbox or one group's) into a gap-free run, as the Java SDK's
 * MailboxSequencer: at or below the position dropped, the next one handed on with what it
 * connects, further ahead buffered (bounded) until a sync fills the gap.
 */
export class Sequencer {
  constructor(position) {
    this.position = big(position);
    this.ahead = new Map();
  }

  offer(seq, item) {
    const s = big(seq);
    if (s <= this.position) return [];
    if (s > this.position + 1n) {
      this.ahead.set(s, item);
      if (this.ahead.size > MAX_AHEAD) this.ahead.delete([...this.ahead.keys()].sort((a, b) => (a < b ? 1 : -1))[0]);
      return [];
    }
    this.position = s;
    return [item, ...this.drain()];
  }

  skipTo(seq) {
    const s = big(seq);
    if (s <= this.position) return [];
    this.position = s;
    for (const k of [...this.ahead.keys()]) if (k <= s) this.ahead.delete(k);
    return this.drain();
  }

  drain() {
    const out = [];
    while (this.ahead.has(this.position + 1n)) {
      out.push(this.ahead.get(this.position + 1n));
      this.ahead.delete(this.position + 1n);
      this.position += 1n;
    }
    return out;
  }

  hasGap() {
    return this.ahead.size > 0;
  }
}

/** The conversation key of a 1:1 peer or a group. */
export const peerConv = (peerId) => `u:${peerId}`;
export const groupConv = (groupId) => `g:${groupId}`;

function newClientMsgId() {
  return `web-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
}

/**
 * A signed-in user's connection and local copy. Events (CustomEvent, detail in brackets):
 * state [{state}] connecting/connected/reconnecting/offline; ready [] after the local copy loaded;
 * login [{response}]; messages [{conv, records}]; convs []; friends []; requests []; groups [];
 * typing [{conv, userId, state}]; receipt [{peerId, upToMessageId}]; replaced [] (another tab or
 * login took this device's session); signedout [{reason}].
 */
export class ParleyClient extends EventTarget {
  /** @param session {token, userId, deviceId, deploymentId, chat} as kept in localStorage */
  constructor(session) {
    super();
    this.session = session;
    this.self = { userId: session.userId };
    this.friends = new Map();
    this.requests = new Map();
    this.groups = new Map();
    this.profiles = new Map();
    this.convs = new Map();
    this.outboxRecords = new Map();
    this.pending = new Map();
    this.nextRequestId = 1;
    this.state = 'offline';
    this.stopped = false;
    this.attempt = 0;
    this.mailbox = new Sequencer(0);
    this.groupSeq = new Map();
    this.ackedSeq = 0n;
    this.readReceipts = false;
    this.peerRead = new Map();
    this.blocked = new Map(); // userId → BlockedUser, as ListBlocked last answered
  }

  // ---- local copy ----

  /** Opens the local copy of the session's (deployment, user, device) and loads what it holds. */
  async openStore() {
    const s = this.session;
    this.store = await LocalStore.open(dbName(s.deploymentId, s.userId, s.deviceId));
    this.friends.clear();
    this.groups.clear();
    this.convs.clear();
    this.outboxRecords.clear();
    const position = await this.store.getMeta('mailboxSeq');
    this.mailbox = new Sequencer(position || '0');
    this.ackedSeq = big(await this.store.getMeta('ackedSeq'));
    const profile = await this.store.getMeta('profile');
    if (profile) this.self = profile;
    for (const f of (await this.store.getMeta('friends')) || []) this.friends.set(f.profile.userId, f);
    for (const g of (await this.store.getMeta('groups')) || []) this.groups.set(g.group.groupId, g);
    for (const c of await this.store.convs()) this.convs.set(c.conv, c);
    for (const o of await this.store.outbox()) this.outboxRecords.set(o.clientMsgId, o);
    this.emit('ready');
  }

  history(conv, beforeOrder, limit = 40) {
    return this.store.history(conv, beforeOrder, limit);
  }

  outboxOf(conv) {
    return [...this.outboxRecords.values()].filter((o) => o.conv === conv).sort((a, b) => a.createdAt - b.createdAt);
  }

  // ---- connection ----

  setState(state) {
    this.state = state;
    this.emit('state', { state });
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Connects (and keeps reconnecting until stop()). */
  start() {
    this.stopped = false;
    this.setState('connecting');
    this.connect(false);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    if (this.ws) this.ws.close(1000, 'client stopped');
    this.setState('offline');
  }

  async connect(reroute) {
    if (this.stopped) return;
    let chat = this.session.chat;
    if (reroute) {
      try {
        chat = (await gateCall('/routes', {}, this.session.token)).chat;
        this.session.chat = chat;
      } catch (e) {
        if (e.code === 'UNAUTHORIZED') {
          this.stopped = true;
          this.emit('signedout', { reason: e.message });
          return;
        }
        this.scheduleReconnect();
        return;
      }
    }
    if (this.stopped) return;
    const ws = new WebSocket(wsUrl(chat), JSON_SUBPROTOCOL);
    this.ws = ws;
    ws.onopen = () => this.login(ws);
    ws.onmessage = (e) => this.onFrame(ws, e.data);
    ws.onclose = () => this.onClosed(ws);
  }

  onClosed(ws) {
    if (ws !== this.ws) return;
    this.ws = null;
    clearInterval(this.heartbeat);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ParleyError('UNAVAILABLE', 'connection lost'));
    }
    this.pending.clear();
    this.syncing = false;
    if (this.stopped) return;
    this.setState('reconnecting');
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2); // jitter: no herd after a node restart
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(true), delay);
  }

  /** Sends one request and resolves with the response body (the frame minus requestId). */
  request(body, timeoutMs = REQUEST_TIMEOUT_MS) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new ParleyError('UNAVAILABLE', 'not connected'));
    }
    const requestId = String(this.nextRequestId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new ParleyError('REQUEST_TIMEOUT', 'no answer in time'));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      ws.send(JSON.stringify({ requestId, ...body }));
    });
  }

  /** A request once logged in (the UI's calls). */
  call(body) {
    if (this.state !== 'connected') return Promise.reject(new ParleyError('UNAVAILABLE', 'not connected'));
    return this.request(body);
  }

  onFrame(ws, data) {
    if (ws !== this.ws) return;
    const frame = safeParse(data);
    if (!frame) return;
    const id = frame.requestId;
    if (id && id !== '0' && this.pending.has(id)) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (frame.error) p.reject(new ParleyError(frame.error.code, frame.error.message, frame.error.retryAfterMs || 0));
      else p.resolve(frame);
      return;
    }
    this.onPush(frame).catch((e) => console.warn('push failed', e));
  }

  async login(ws) {
    let frame;
    try {
      frame = await this.request({ login: { token: this.session.token, deviceId: this.session.deviceId, platform: 'WEB' } });
    } catch (e) {
      if (e.code === 'UNAUTHORIZED' || e.code === 'ACCOUNT_DISABLED') {
        this.stopped = true;
        ws.close();
        this.emit('signedout', { reason: e.code });
      } else {
        ws.close();
      }
      return;
    }
    const r = frame.loginResponse;
    this.attempt = 0;
    await this.checkLocalCopy(r);
    this.self = r.profile;
    this.readReceipts = !!r.readReceiptsEnabled;
    this.friends = new Map((r.friends || []).map((f) => [f.profile.userId, f]));
    this.requests = new Map((r.pendingRequests || []).map((q) => [q.from.userId, q]));
    this.ackedSeq = big(r.ackedSeq) > this.ackedSeq ? big(r.ackedSeq) : this.ackedSeq;
    for (const g of r.groups || []) this.groups.set(g.group.groupId, g);
    await this.store.write({ meta: { profile: this.self, friends: [...this.friends.values()], groups: [...this.groups.values()] } });
    const every = r.heartbeatIntervalMs || 30000;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      this.request({ ping: {} }, every).catch(() => ws === this.ws && ws.close());
    }, every);
    this.setState('connected');
    this.emit('login', { response: r });
    this.emit('friends');
    this.emit('requests');
    this.emit('groups');
    this.syncMailbox();
    for (const g of r.groups || []) this.syncGroupIfBehind(g);
    this.loadBlocked().catch((e) => console.warn('listBlocked failed', e.code || e));
    this.flushOutbox();
  }

  /** Keeps the local copy only while the server names the deployment and mailbox epoch it came from. */
  async checkLocalCopy(r) {
    const deployment = r.deploymentId || '';
    if (!this.store || this.session.deploymentId !== deployment) {
      if (this.store) this.store.close(); // another deployment: its own database
      this.session.deploymentId = deployment;
      this.emit('identity', { deploymentId: deployment });
      await this.openStore();
    }
    const held = await this.store.getMeta('identity');
    const server = { deploymentId: r.deploymentId || '', epoch: r.mailboxEpoch || '0' };
    const lost = big(r.mailboxSeq) < this.mailbox.position;
    if ((held && (held.deploymentId !== server.deploymentId || held.epoch !== server.epoch)) || lost) {
      await this.store.clear();
      this.mailbox = new Sequencer(0);
      this.groupSeq.clear();
      this.convs.clear();
      this.outboxRecords.clear();
      this.emit('convs');
    }
    await this.store.putMeta('identity', server);
  }

  // ---- pushes ----

  async onPush(f) {
    if (f.messageEvent) {
      await this.acceptMailbox([f.messageEvent.entry]);
    } else if (f.groupMessageEvent) {
      await this.acceptGroup(f.groupMessageEvent.message.groupId, [f.groupMessageEvent.message]);
    } else if (f.groupUpdatedEvent) {
      const e = f.groupUpdatedEvent;
      const g = this.groups.get(e.group.groupId);
      if (g) g.group = e.group;
      await this.acceptGroup(e.group.groupId, [e.message]);
      this.emit('groups');
    } else if (f.friendRequestEvent) {
      const q = f.friendRequestEvent.request;
      this.requests.set(q.from.userId, q);
      this.emit('requests');
    } else if (f.friendAddedEvent) {
      const fr = f.friendAddedEvent.friend;
      this.friends.set(fr.profile.userId, fr);
      this.requests.delete(fr.profile.userId);
      await this.store.putMeta('friends', [...this.friends.values()]);
      this.emit('friends');
      this.emit('requests');
    } else if (f.presenceEvent) {
      const fr = this.friends.get(f.presenceEvent.userId);
      if (fr) fr.online = !!f.presenceEvent.online;
      this.emit('friends');
    } else if (f.typingEvent) {
      const t = f.typingEvent;
      const conv = t.groupId && t.groupId !== '0' ? groupConv(t.groupId) : peerConv(t.fromUserId);
      this.emit('typing', { conv, userId: t.fromUserId, state: t.state });
    } else if (f.readReceiptEvent) {
      this.peerRead.set(f.readReceiptEvent.peerId, f.readReceiptEvent.upToMessageId);
      this.emit('receipt', { peerId: f.readReceiptEvent.peerId });
    } else if (f.readPositionEvent) {
      await this.onReadElsewhere(big(f.readPositionEvent.ackedSeq));
    } else if (f.groupReadPositionEvent) {
      const c = this.convs.get(groupConv(f.groupReadPositionEvent.groupId));
      if (c && big(c.lastSeq) <= big(f.groupReadPositionEvent.readSeq)) {
        c.unread = 0;
        await this.store.write({ convs: [c] });
        this.emit('convs');
      }
    } else if (f.kicked) {
      this.stopped = true;
      const code = f.kicked.code;
      if (code === 'REPLACED_BY_SAME_DEVICE') this.emit('replaced');
      else this.emit('signedout', { reason: f.kicked.reason || code });
    }
  }

  // ---- mailbox ----

  async syncMailbox() {
    if (this.syncing || this.state !== 'connected') return;
    this.syncing = true;
    try {
      for (;;) {
        const after = this.mailbox.position;
        const page = (await this.request({ sync: { afterSeq: String(after), limit: SYNC_PAGE } })).syncResponse;
        await this.acceptMailbox(page.entries || []);
        const progressed = this.mailbox.position > after;
        if (!(page.hasMore || this.mailbox.hasGap()) || !progressed) break;
      }
    } catch (e) {
      console.warn('sync failed', e.code || e);
    } finally {
      this.syncing = false;
    }
  }

  /**
   * Runs entries through the mailbox sequencer and stores each ready one, once, in order; one that
   * skips ahead starts a sync to fill the gap (a sync already running goes on until it is filled).
   */
  async acceptMailbox(entries) {
    const ready = [];
    for (const e of entries) ready.push(...this.mailbox.offer(e.seq, e));
    if (this.mailbox.hasGap()) this.syncMailbox();
    if (ready.length === 0) return;
    const changed = new Map();
    const records = new Map();
    const outboxDelete = [];
    const notices = [];
    for (const e of ready) {
      if (e.message) {
        const m = e.message;
        const mine = m.senderId === this.self.userId;
        const peer = mine ? m.recipientId : m.senderId;
        const conv = peerConv(peer);
        const r = messageRecord(conv, e.seq, m);
        records.set(r.id, r);
        if (m.clientMsgId && mine) {
          outboxDelete.push(m.clientMsgId);
          this.outboxRecords.delete(m.clientMsgId);
        }
        const c = this.conv(conv, { kind: 'u', peerId: peer });
        c.lastText = previewOf(r);
        c.lastAt = m.sentAtMs || '0';
        c.lastOrder = r.order;
        c.lastSeq = e.seq;
        if (!mine && !m.deleted && big(e.seq) > this.ackedSeq) {
          if (!c.unread) c.firstUnreadSeq = e.seq;
          c.unread = (c.unread || 0) + 1;
          c.notify = { text: m.text, from: peer };
        }
        changed.set(conv, c);
      } else if (e.revision) {
        await this.applyRevision(e.revision, records, changed);
      } else if (e.notice) {
        notices.push(e.notice);
      }
    }
    await this.store.write({ messages: [...records.values()], convs: [...changed.values()], meta: { mailboxSeq: String(this.mailbox.position) }, outboxDelete });
    // every conversation with a new or revised record (a revision of an older message changes no conversation row)
    for (const conv of new Set([...records.values()].map((r) => r.conv))) {
      this.emit('messages', { conv, records: [...records.values()].filter((r) => r.conv === conv) });
    }
    this.emit('convs');
    if (notices.length) this.onNotices(notices);
    this.ackRead();
  }

  async applyRevision(rev, records, changed) {
    const found = [...records.values()].filter((r) => r.messageId === rev.messageId);
    const stored = found.length ? found : await this.store.findByMessageId(rev.messageId);
    for (const r of stored) {
      if (rev.kind === 'RECALLED') Object.assign(r, { recalled: true, text: '' });
      else if (rev.kind === 'EDITED') Object.assign(r, { text: rev.text || '', editedAtMs: rev.atMs || '1' });
      else if (rev.kind === 'DELETED') Object.assign(r, { deleted: true, text: '' });
      records.set(r.id, r);
      const c = this.convs.get(r.conv);
      if (c && c.lastOrder === r.order) {
        c.lastText = previewOf(r);
        changed.set(c.conv, c);
      }
    }
  }

  conv(key, init) {
    let c = this.convs.get(key);
    if (!c) {
      c = { conv: key, unread: 0, lastText: '', lastAt: '0', lastOrder: '', ...init };
      this.convs.set(key, c);
    }
    return c;
  }

  /** Group membership changed (mine): learn the groups again and sync the new ones. */
  async onNotices(notices) {
    for (const n of notices) {
      if (n.kind === 'MEMBER_KICKED' || n.kind === 'MEMBER_LEFT' || n.kind === 'GROUP_DISSOLVED') {
        const g = this.groups.get(n.groupId);
        this.groups.delete(n.groupId);
        const c = this.convs.get(groupConv(n.groupId));
        if (c) {
          c.left = n.kind;
          c.name = c.name || (g && g.group.name) || n.groupName;
          await this.store.write({ convs: [c] });
        }
      }
    }
    await this.refreshGroups();
  }

  async refreshGroups() {
    if (this.state !== 'connected') return;
    try {
      const list = (await this.call({ listGroups: { limit: 500 } })).listGroupsResponse.groups || [];
      this.groups = new Map(list.map((g) => [g.group.groupId, g]));
      await this.store.putMeta('groups', list);
      this.emit('groups');
      this.emit('convs');
      for (const g of list) this.syncGroupIfBehind(g);
    } catch (e) {
      console.warn('listGroups failed', e.code || e);
    }
  }

  /**
   * Acks the mailbox up to the highest seq below which every received message is read: the read
   * position is one number for the whole mailbox, so an unread conversation holds it back.
   */
  ackRead() {
    let upTo = this.mailbox.position;
    for (const c of this.convs.values()) {
      if (c.kind === 'u' && c.unread > 0 && c.firstUnreadSeq) {
        const before = big(c.firstUnreadSeq) - 1n;
        if (before < upTo) upTo = before;
      }
    }
    if (upTo <= this.ackedSeq || this.state !== 'connected') return;
    this.ackedSeq = upTo;
    this.store.putMeta('ackedSeq', String(upTo));
    this.request({ ack: { upToSeq: String(upTo) } }).catch(() => {});
  }

  async onReadElsewhere(acked) {
    if (acked <= this.ackedSeq) return;
    this.ackedSeq = acked;
    const changed = [];
    for (const c of this.convs.values()) {
      if (c.kind === 'u' && c.unread > 0 && big(c.lastSeq) <= acked) {
        c.unread = 0;
        changed.push(c);
      }
    }
    await this.store.write({ convs: changed, meta: { ackedSeq: String(acked) } });
    this.emit('convs');
  }

  /** The user looks at {@code conv}: its unread count goes to 0 and the read position moves. */
  async markRead(conv) {
    const c = this.convs.get(conv);
    if (!c || !c.unread) return;
    c.unread = 0;
    delete c.firstUnreadSeq;
    await this.store.write({ convs: [c] });
    this.emit('convs');
    if (c.kind === 'u') this.ackRead();
    else if (this.state === 'connected' && c.lastSeq) {
      this.request({ ackGroup: { groupId: c.groupId, upToSeq: c.lastSeq } }).catch(() => {});
    }
  }

  // ---- groups ----

  async groupSequencer(groupId) {
    let s = this.groupSeq.get(groupId);
    if (!s) {
      s = new Sequencer((await this.store.getMeta(`groupSeq:${groupId}`)) || '0');
      this.groupSeq.set(groupId, s);
    }
    return s;
  }

  async syncGroupIfBehind(summary) {
    const s = await this.groupSequencer(summary.group.groupId);
    if (summary.self && big(summary.self.joinedSeq) > s.position) s.skipTo(summary.self.joinedSeq);
    if (big(summary.group.lastSeq) > s.position) await this.syncGroup(summary.group.groupId, summary.unreadCount || 0);
  }

  async syncGroup(groupId, serverUnread) {
    if (this.state !== 'connected') return;
    const s = await this.groupSequencer(groupId);
    if (s.syncing) return;
    s.syncing = true;
    try {
      for (;;) {
        const after = s.position;
        const page = (await this.request({ syncGroup: { groupId, afterSeq: String(after), limit: SYNC_PAGE } })).syncGroupResponse;
        const messages = page.messages || [];
        if (messages.length && big(messages[0].seq) > after + 1n) s.skipTo(big(messages[0].seq) - 1n); // not visible: before joining
        await this.acceptGroup(groupId, messages, serverUnread);
        if (!page.hasMore || s.position <= after) break;
      }
    } catch (e) {
      console.warn('syncGroup failed', e.code || e);
    } finally {
      s.syncing = false;
    }
  }

  async acceptGroup(groupId, messages, serverUnread) {
    const s = await this.groupSequencer(groupId);
    const ready = [];
    for (const m of messages) ready.push(...s.offer(m.seq, m));
    if (s.hasGap()) setTimeout(() => this.syncGroup(groupId), 0);
    if (ready.length === 0) return;
    const conv = groupConv(groupId);
    const g = this.groups.get(groupId);
    const c = this.conv(conv, { kind: 'g', groupId });
    if (g) c.name = g.group.name;
    const records = new Map();
    const outboxDelete = [];
    const readSeq = g && g.self ? big(g.self.readSeq) : 0n;
    for (const m of ready) {
      if (m.kind === 'MESSAGE_RECALLED' || m.kind === 'MESSAGE_EDITED') {
        const target = records.get(`${conv}:${orderKey(m.targetSeq)}`) || (await this.store.getMessage(`${conv}:${orderKey(m.targetSeq)}`));
        if (target) {
          if (m.kind === 'MESSAGE_RECALLED') Object.assign(target, { recalled: true, text: '', recalledBy: m.senderId });
          else Object.assign(target, { text: m.text || '', editedAtMs: m.sentAtMs || '1' });
          records.set(target.id, target);
        }
        continue;
      }
      const r = groupRecord(conv, m);
      records.set(r.id, r);
      const mine = m.senderId === this.self.userId;
      if (mine && m.clientMsgId) {
        outboxDelete.push(m.clientMsgId);
        this.outboxRecords.delete(m.clientMsgId);
      }
      c.lastText = previewOf(r, this);
      c.lastAt = m.sentAtMs || '0';
      c.lastOrder = r.order;
      c.lastSeq = m.seq;
      if (!mine && r.kind === 'TEXT' && big(m.seq) > readSeq && serverUnread === undefined) {
        c.unread = (c.unread || 0) + 1;
        c.notify = { text: m.text, from: m.senderId, group: true };
      }
    }
    if (serverUnread !== undefined) c.unread = serverUnread;
    await this.store.write({ messages: [...records.values()], convs: [c], meta: { [`groupSeq:${groupId}`]: String(s.position) }, outboxDelete });
    this.emit('messages', { conv, records: [...records.values()] });
    this.emit('convs');
  }

  // ---- blocking ----

  /** Reads the users this user blocks (most recent first) into {@code blocked}. */
  async loadBlocked() {
    const r = await this.call({ listBlocked: {} });
    this.blocked = new Map((r.listBlockedResponse.users || []).map((u) => [u.profile.userId, u]));
    this.emit('blocked');
  }

  /**
   * Blocks ({@code on}) or unblocks a user: their messages, friend requests and group invites to this
   * user are refused (BLOCKED) and this user's presence is hidden from them; then re-reads the list.
   */
  async setBlocked(userId, on) {
    await this.call(on ? { blockUser: { userId } } : { unblockUser: { userId } });
    await this.loadBlocked();
  }

  // ---- recall, edit, delete ----

  /**
   * Revises a stored message record: kind RECALLED (one's own; in a group an owner or admin may
   * recall anyone's), EDITED (one's own, with the new text) or DELETED (1:1 only: hidden from this
   * user's mailbox). The server stores the revision as the next entry of the mailbox or group log
   * and answers it (this session is not pushed it): the answer's entry goes through the same
   * sequencer as pushed ones, so it is applied once and in order (after any entry before it, which a
   * gap sync fetches). A duplicate stores nothing. Rejects with the server's error (TOO_LATE, ...).
   */
  async revise(r, kind, text = '') {
    const group = r.conv.startsWith('g:');
    const target = group ? { groupId: r.conv.slice(2), seq: String(r.seq) } : { messageId: r.messageId };
    const body = kind === 'RECALLED' ? { recallMessage: target }
      : kind === 'EDITED' ? { editMessage: { ...target, text } }
        : { deleteMessage: target };
    const ack = (await this.call(body)).revisionAck || {};
    if (group && ack.groupMessage) {
      await this.acceptGroup(target.groupId, [ack.groupMessage]);
    } else if (!group && ack.revision) {
      await this.acceptMailbox([{ seq: ack.seq, revision: ack.revision }]);
    }
    return ack;
  }

  /** Whether this user manages group {@code groupId} (owner or admin), so may recall anyone's message there. */
  managesGroup(groupId) {
    const g = this.groups.get(groupId);
    return !!(g && g.self && (g.self.role === 'OWNER' || g.self.role === 'ADMIN'));
  }

  // ---- sending ----

  /** Queues a text for a conversation; it is shown as sending at once and sent when connected. */
  async send(conv, text) {
    const o = { clientMsgId: newClientMsgId(), conv, text, createdAt: Date.now(), state: 'sending' };
    this.outboxRecords.set(o.clientMsgId, o);
    await this.store.write({ outboxPut: [o] });
    this.emit('outbox', { conv });
    this.sendOne(o);
    return o;
  }

  /** Sends again with the same client_msg_id: the server stores it once whatever happened before. */
  retry(clientMsgId) {
    const o = this.outboxRecords.get(clientMsgId);
    if (!o) return;
    o.state = 'sending';
    delete o.error;
    this.emit('outbox', { conv: o.conv });
    this.sendOne(o);
  }

  flushOutbox() {
    for (const o of this.outboxRecords.values()) if (o.state === 'sending') this.sendOne(o);
  }

  async sendOne(o) {
    if (this.state !== 'connected' || o.inFlight) return; // sent by flushOutbox after the next login
    o.inFlight = true;
    const [kind, id] = [o.conv.slice(0, 1), o.conv.slice(2)];
    try {
      if (kind === 'u') {
        const ack = (await this.request({ sendMessage: { toUserId: id, clientMsgId: o.clientMsgId, text: o.text } })).sendAck;
        const message = { messageId: ack.messageId, senderId: this.self.userId, recipientId: id, clientMsgId: o.clientMsgId, text: o.text, sentAtMs: ack.sentAtMs };
        await this.acceptMailbox([{ seq: ack.seq, message }]);
      } else {
        const ack = (await this.request({ sendGroupMessage: { groupId: id, clientMsgId: o.clientMsgId, text: o.text } })).groupSendAck;
        await this.acceptGroup(id, [{ groupId: id, seq: ack.seq, messageId: ack.messageId, senderId: this.self.userId, clientMsgId: o.clientMsgId, text: o.text, sentAtMs: ack.sentAtMs, kind: 'TEXT' }]);
      }
      this.emit('outbox', { conv: o.conv });
    } catch (e) {
      if (this.outboxRecords.has(o.clientMsgId) && !(e.code === 'UNAVAILABLE' && this.state !== 'connected')) {
        o.state = 'failed';
        o.error = e.code;
        await this.store.write({ outboxPut: [{ ...o, inFlight: false }] });
        this.emit('outbox', { conv: o.conv });
      }
    } finally {
      o.inFlight = false;
    }
  }

  typing(conv, state) {
    if (this.state !== 'connected') return;
    const [kind, id] = [conv.slice(0, 1), conv.slice(2)];
    const body = kind === 'u' ? { toUserId: id, state } : { groupId: id, state };
    this.request({ typing: body }).catch(() => {});
  }

  // ---- names ----

  /** A display name: the friend's remark, nickname or name; fetched once for strangers. */
  nameOf(userId) {
    if (userId === this.self.userId) return this.self.nickname || this.self.name || 'me';
    const f = this.friends.get(userId);
    if (f) return f.remark || f.profile.nickname || f.profile.name;
    const p = this.profiles.get(userId);
    if (p) return p.nickname || p.name || `#${userId}`;
    if (!this.profiles.has(userId) && this.state === 'connected') {
      this.profiles.set(userId, null);
      this.call({ getProfile: { userId } }).then((r) => {
        this.profiles.set(userId, r.profileResponse.profile);
        this.emit('profiles');
      }).catch(() => this.profiles.delete(userId));
    }
    return `#${userId}`;
  }

  profileOf(userId) {
    const f = this.friends.get(userId);
    return f ? f.profile : this.profiles.get(userId) || null;
  }
}

function wsUrl(chat) {
  const wildcard = !chat.host || chat.host === '0.0.0.0' || chat.host === '::';
  const host = wildcard ? location.hostname : chat.host;
  const scheme = location.protocol === 'https:' || chat.tls ? 'wss' : 'ws';
  const port = chat.wsPort || chat.port;
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${WS_PATH}`;
}

function messageRecord(conv, seq, m) {
  return {
    id: `${conv}:${orderKey(seq)}`, conv, order: orderKey(seq), seq: String(seq), messageId: m.messageId,
    senderId: m.senderId, text: m.text || '', sentAtMs: m.sentAtMs || '0', clientMsgId: m.clientMsgId || '',
    recalled: !!m.recalled, editedAtMs: m.editedAtMs || '0', deleted: !!m.deleted, kind: 'TEXT',
  };
}

function groupRecord(conv, m) {
  return {
    id: `${conv}:${orderKey(m.seq)}`, conv, order: orderKey(m.seq), seq: String(m.seq), messageId: m.messageId,
    senderId: m.senderId, text: m.text || '', sentAtMs: m.sentAtMs || '0', clientMsgId: m.clientMsgId || '',
    recalled: !!m.recalled, editedAtMs: m.editedAtMs || '0', kind: m.kind || 'TEXT', targetIds: m.targetIds || [],
  };
}

/** The conversation list's one-line preview of a record. */
export function previewOf(r) {
  if (r.recalled) return 'Message recalled';
  if (r.deleted) return 'Message deleted';
  if (r.kind && r.kind !== 'TEXT') return systemText(r);
  return (r.text || '').split('\n')[0];
}

/** The words of a group's system message (names are filled by the UI). */
export function systemText(r, nameOf = (id) => `#${id}`) {
  const who = nameOf(r.senderId);
  const targets = (r.targetIds || []).map(nameOf).join(', ');
  switch (r.kind) {
    case 'GROUP_CREATED': return `${who} created the group`;
    case 'MEMBERS_JOINED': return `${targets} joined`;
    case 'MEMBER_LEFT': return `${targets || who} left`;
    case 'MEMBER_KICKED': return `${who} removed ${targets}`;
    case 'ROLE_CHANGED': return `${targets}: role changed`;
    case 'MEMBER_MUTED': return `${targets} muted or unmuted`;
    case 'GROUP_INFO_UPDATED': return `${who} updated the group`;
    case 'OWNERSHIP_TRANSFERRED': return `${targets} is the owner now`;
    case 'GROUP_DISSOLVED': return `${who} dissolved the group`;
    default: return r.kind;
  }
}
