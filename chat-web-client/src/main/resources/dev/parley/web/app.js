// The web client's entry module: boot (device id, saved session, one active tab per device),
// and the main screen (rail, lists, chat pane). Everything from the network is rendered as text.

import { $, h, fill, avatar, shortTime } from './dom.js';
import { setUpAuth, explain } from './auth.js';
import { ParleyClient, peerConv, groupConv, previewOf, systemText } from './parley-client.js';
import { claimTab } from './tabs.js';

const DEVICE_KEY = 'parley.deviceId';
const SESSION_KEY = 'parley.session';
const TIME_GAP_MS = 5 * 60 * 1000;
const TYPING_SHOW_MS = 6000;
const TYPING_SEND_EVERY_MS = 3000;

/** This browser profile's WEB device id, shared by its tabs (localStorage). */
function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${crypto.getRandomValues(new Uint32Array(3)).join('-')}`.slice(0, 64);
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

const ui = { view: 'chats', conv: null, client: null, rendered: new Map(), typingTimers: new Map(), lastTypingSent: 0, loadingOlder: false, noOlder: false, editing: null };

function saveSession(s) {
  localStorage.setItem(SESSION_KEY, JSON.stringify(s));
}

function setConn(state) {
  const el = $('#conn');
  el.dataset.state = state;
  el.textContent = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' }[state] || state;
}

function boot() {
  const device = deviceId();
  setUpAuth({
    deviceId: device,
    onSession: (r) => {
      const session = { token: r.token, userId: String(r.userId), deviceId: r.deviceId || device, deploymentId: null, chat: r.chat };
      saveSession(session);
      enter(session);
    },
  });
  const saved = localStorage.getItem(SESSION_KEY);
  if (saved) enter(JSON.parse(saved));
  else showAuth();
  document.documentElement.dataset.app = 'ready';
}

function showAuth() {
  $('#main').hidden = true;
  $('#elsewhere').hidden = true;
  $('#auth').hidden = false;
  setConn('offline');
}

async function enter(session) {
  $('#auth').hidden = true;
  $('#main').hidden = false;
  wireMain();
  const client = new ParleyClient(session);
  ui.client = client;
  client.addEventListener('state', (e) => setConn(e.detail.state));
  client.addEventListener('identity', () => saveSession(client.session));
  client.addEventListener('ready', () => { renderAll(); if (ui.conv) openConv(ui.conv); });
  client.addEventListener('convs', () => { renderBadges(); if (ui.view === 'chats') renderList(); });
  client.addEventListener('friends', () => { renderList(); renderChatHead(); });
  client.addEventListener('requests', () => { renderBadges(); if (ui.view === 'contacts') renderList(); });
  client.addEventListener('groups', () => { if (ui.view !== 'contacts') renderList(); renderChatHead(); });
  client.addEventListener('profiles', () => { renderList(); if (ui.conv) redrawMessages(); });
  client.addEventListener('messages', (e) => onMessages(e.detail));
  client.addEventListener('outbox', (e) => { if (e.detail.conv === ui.conv) renderOutbox(); });
  client.addEventListener('typing', (e) => onTyping(e.detail));
  client.addEventListener('blocked', () => { renderChatHead(); if (ui.view === 'contacts') renderList(); });
  client.addEventListener('receipt', () => { if (ui.conv) redrawReceipts(); });
  client.addEventListener('login', () => { renderAll(); $('#me-avatar').replaceChildren(avatar(client.self.nickname || client.self.name, client.self.avatarUrl, client.self.userId)); });
  client.addEventListener('replaced', () => showElsewhere());
  client.addEventListener('signedout', () => signOut());
  setConn('connecting');
  if (session.deploymentId) await client.openStore(); // render the local copy before the socket is up
  claimTab(session.deviceId, {
    onActive: () => { $('#elsewhere').hidden = true; client.start(); },
    onTakenOver: () => { client.stop(); showElsewhere(); },
    onWaiting: () => showElsewhere(),
  });
}

function showElsewhere() {
  $('#elsewhere').hidden = false;
  setConn('offline');
}

function signOut() {
  const c = ui.client;
  if (c) c.stop();
  localStorage.removeItem(SESSION_KEY);
  ui.client = null;
  ui.conv = null;
  showAuth();
}

let wired = false;
function wireMain() {
  if (wired) return;
  wired = true;
  for (const b of document.querySelectorAll('.rail-btn')) b.addEventListener('click', () => { ui.view = b.dataset.view; renderAll(); });
  $('#back').addEventListener('click', () => { document.body.classList.remove('chat-open'); ui.conv = null; renderChat(); });
  $('#composer').addEventListener('submit', (e) => { e.preventDefault(); sendComposer(); });
  const text = $('#composer-text');
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendComposer(); }
    if (e.key === 'Escape') stopEdit();
  });
  text.addEventListener('input', () => {
    const now = Date.now();
    if (ui.conv && text.value && now - ui.lastTypingSent > TYPING_SEND_EVERY_MS) {
      ui.lastTypingSent = now;
      ui.client.typing(ui.conv, 'TYPING');
    }
  });
  $('#messages').addEventListener('scroll', () => { if ($('#messages').scrollTop < 40) loadOlder(); });
  $('#members-btn').addEventListener('click', () => toggleMembers());
  $('#block-btn').addEventListener('click', () => {
    const peer = ui.conv && ui.conv.startsWith('u:') ? ui.conv.slice(2) : null;
    if (peer) ui.client.setBlocked(peer, !ui.client.blocked.has(peer)).catch(alertInline);
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden && ui.conv) ui.client.markRead(ui.conv); });
}

// ---- rail, badges, title ----

function renderAll() {
  for (const b of document.querySelectorAll('.rail-btn')) b.classList.toggle('active', b.dataset.view === ui.view);
  renderBadges();
  renderList();
  renderChatHead();
}

function renderBadges() {
  const c = ui.client;
  if (!c) return;
  let total = 0;
  for (const conv of c.convs.values()) total += conv.unread || 0;
  const chats = $('#badge-chats');
  chats.hidden = total === 0;
  chats.textContent = total > 99 ? '99+' : String(total);
  const req = $('#badge-requests');
  req.hidden = c.requests.size === 0;
  req.textContent = String(c.requests.size);
  document.title = total ? `(${total}) Parley` : 'Parley';
}

// ---- the list pane ----

function renderList() {
  const c = ui.client;
  if (!c) return;
  const head = $('#list-head');
  const body = $('#list-body');
  if (ui.view === 'chats') {
    fill(head, h('h2', {}, 'Chats'));
    const convs = [...c.convs.values()].sort((a, b) => (BigInt(b.lastAt || 0) > BigInt(a.lastAt || 0) ? 1 : -1));
    fill(body, convs.length ? convs.map(convItem) : h('p', { class: 'hint' }, 'No conversations yet. Add a friend in Contacts.'));
  } else if (ui.view === 'contacts') {
    renderContacts(head, body);
  } else if (ui.view === 'groups') {
    renderGroups(head, body);
  } else {
    renderMe(head, body);
  }
}

function convName(conv) {
  const c = ui.client;
  const rec = c.convs.get(conv);
  if (conv.startsWith('u:')) return c.nameOf(conv.slice(2));
  const g = c.groups.get(conv.slice(2));
  return (g && (g.remark || g.group.name)) || (rec && rec.name) || 'Group';
}

function convItem(rec) {
  const c = ui.client;
  const isUser = rec.kind === 'u';
  const id = isUser ? rec.peerId : rec.groupId;
  const friend = isUser ? c.friends.get(id) : null;
  const profile = isUser ? c.profileOf(id) : null;
  const g = isUser ? null : c.groups.get(id);
  const name = convName(rec.conv);
  const preview = rec.lastText && rec.lastOrder && !isUser && rec.lastKind ? rec.lastText : rec.lastText;
  return h('button', { type: 'button', class: `item conv${rec.conv === ui.conv ? ' active' : ''}`, dataset: { test: 'conv', conv: rec.conv, name }, onclick: () => openConv(rec.conv) },
    h('span', { class: 'avatar-wrap' }, avatar(name, isUser ? profile && profile.avatarUrl : g && g.group.avatarUrl, id),
      friend && friend.online ? h('span', { class: 'online-dot', dataset: { test: 'online' } }) : null),
    h('span', { class: 'item-main' },
      h('span', { class: 'item-top' }, h('span', { class: 'item-name' }, name), h('span', { class: 'item-time' }, shortTime(rec.lastAt))),
      h('span', { class: 'item-preview', dataset: { test: 'conv-preview' } }, preview || '')),
    rec.unread ? h('span', { class: 'badge', dataset: { test: 'conv-unread' } }, String(rec.unread)) : null);
}

function renderContacts(head, body) {
  const c = ui.client;
  const input = h('input', { type: 'search', placeholder: 'Search users by name', dataset: { test: 'search-input' } });
  const results = h('div', { class: 'results', dataset: { test: 'search-results' } });
  const search = async () => {
    try {
      const r = await c.call({ searchUsers: { query: input.value.trim(), limit: 20 } });
      const users = (r.searchUsersResponse.users || []).filter((u) => u.userId !== c.self.userId);
      fill(results, users.length ? users.map(searchResult) : h('p', { class: 'hint' }, 'Nobody found.'));
    } catch (e) {
      fill(results, h('p', { class: 'error' }, explain(e)));
    }
  };
  fill(head, h('h2', {}, 'Contacts'),
    h('form', { class: 'search', onsubmit: (e) => { e.preventDefault(); search(); } }, input, h('button', { type: 'submit', dataset: { test: 'search' } }, 'Search')));
  const requests = [...c.requests.values()];
  const friends = [...c.friends.values()].sort((a, b) => c.nameOf(a.profile.userId).localeCompare(c.nameOf(b.profile.userId)));
  const blocked = [...c.blocked.values()];
  fill(body, results,
    requests.length ? h('h3', {}, 'New friends') : null,
    requests.map(requestItem),
    blocked.length ? h('h3', {}, `Blocked (${blocked.length})`) : null,
    blocked.map((b) => h('div', { class: 'item', dataset: { test: 'blocked-user', name: b.profile.name } },
      avatar(b.profile.nickname || b.profile.name, b.profile.avatarUrl, b.profile.userId),
      h('span', { class: 'item-main' }, h('span', { class: 'item-name' }, b.profile.nickname || b.profile.name),
        h('span', { class: 'item-preview' }, `blocked ${shortTime(b.blockedAtMs)}`)),
      h('button', { type: 'button', dataset: { test: 'unblock' }, onclick: () => c.setBlocked(b.profile.userId, false).catch(alertInline) }, 'Unblock'))),
    h('h3', {}, `Friends (${friends.length})`),
    friends.map((f) => {
      const id = f.profile.userId;
      return h('button', { type: 'button', class: 'item', dataset: { test: 'friend', userId: id, name: f.profile.name }, onclick: () => openConv(peerConv(id)) },
        h('span', { class: 'avatar-wrap' }, avatar(c.nameOf(id), f.profile.avatarUrl, id), f.online ? h('span', { class: 'online-dot', dataset: { test: 'online' } }) : null),
        h('span', { class: 'item-main' }, h('span', { class: 'item-name' }, c.nameOf(id)),
          h('span', { class: 'item-preview' }, f.remark ? `${f.profile.nickname || f.profile.name} · ${f.online ? 'online' : 'offline'}` : (f.online ? 'online' : 'offline'))));
    }));
}

function searchResult(u) {
  const c = ui.client;
  const greeting = h('textarea', { class: 'greeting', rows: 2, placeholder: 'Greeting', dataset: { test: 'greeting' } });
  greeting.value = `Hi, I am ${c.self.nickname || c.self.name}`;
  const note = h('span', { class: 'hint', dataset: { test: 'request-note' } });
  const isFriend = c.friends.has(u.userId);
  return h('div', { class: 'item result', dataset: { test: 'search-result', name: u.name } },
    avatar(u.nickname || u.name, u.avatarUrl, u.userId),
    h('span', { class: 'item-main' }, h('span', { class: 'item-name' }, u.nickname || u.name), h('span', { class: 'item-preview' }, u.name)),
    isFriend ? h('span', { class: 'hint' }, 'Friend') : h('span', { class: 'row' }, greeting,
      h('button', {
        type: 'button', dataset: { test: 'add-friend' }, onclick: async (e) => {
          e.target.disabled = true;
          try {
            await c.call({ sendFriendRequest: { toUserId: u.userId, greeting: greeting.value } });
            note.textContent = 'Request sent';
          } catch (err) {
            note.textContent = explain(err);
            e.target.disabled = false;
          }
        },
      }, 'Add'), note));
}

function requestItem(q) {
  const c = ui.client;
  const from = q.from;
  const remark = h('input', { placeholder: 'Remark (optional)', dataset: { test: 'remark' } });
  const answer = async (accept) => {
    try {
      const r = await c.call({ answerFriendRequest: { requesterId: from.userId, accept, remark: accept ? remark.value : '' } });
      c.requests.delete(from.userId);
      const f = r.answerFriendRequestResponse && r.answerFriendRequestResponse.friend;
      if (f) c.friends.set(f.profile.userId, f);
      c.emit('requests');
      c.emit('friends');
    } catch (e) {
      alertInline(e);
    }
  };
  return h('div', { class: 'item request', dataset: { test: 'friend-request', name: from.name } },
    avatar(from.nickname || from.name, from.avatarUrl, from.userId),
    h('span', { class: 'item-main' }, h('span', { class: 'item-name' }, from.nickname || from.name),
      h('span', { class: 'item-preview pre', dataset: { test: 'greeting-text' } }, q.greeting || '')),
    h('span', { class: 'row' }, remark,
      h('button', { type: 'button', class: 'primary', dataset: { test: 'accept' }, onclick: () => answer(true) }, 'Accept'),
      h('button', { type: 'button', dataset: { test: 'decline' }, onclick: () => answer(false) }, 'Decline')));
}

function alertInline(e) {
  const note = $('#chat-note');
  note.hidden = false;
  note.textContent = explain(e);
}

function renderGroups(head, body) {
  const c = ui.client;
  const name = h('input', { placeholder: 'Group name', dataset: { test: 'group-name' } });
  const picks = [...c.friends.values()].map((f) => h('label', { class: 'pick' },
    h('input', { type: 'checkbox', value: f.profile.userId, dataset: { test: 'group-pick', name: f.profile.name } }), c.nameOf(f.profile.userId)));
  const note = h('p', { class: 'error', dataset: { test: 'group-error' } });
  const create = async (e) => {
    e.preventDefault();
    const ids = picks.map((p) => p.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    try {
      const r = await c.call({ createGroup: { name: name.value.trim(), memberIds: ids } });
      await c.refreshGroups();
      openConv(groupConv(r.groupResponse.group.groupId));
    } catch (err) {
      note.textContent = explain(err);
    }
  };
  fill(head, h('h2', {}, 'Groups'));
  const groups = [...c.groups.values()];
  fill(body,
    h('form', { class: 'create-group', onsubmit: create }, name, h('div', { class: 'picks' }, picks),
      h('button', { type: 'submit', class: 'primary', dataset: { test: 'create-group' } }, 'Create group'), note),
    h('h3', {}, `My groups (${groups.length})`),
    groups.map((g) => h('button', { type: 'button', class: 'item', dataset: { test: 'group', name: g.group.name }, onclick: () => openConv(groupConv(g.group.groupId)) },
      avatar(g.group.name, g.group.avatarUrl, g.group.groupId),
      h('span', { class: 'item-main' }, h('span', { class: 'item-name' }, g.remark || g.group.name), h('span', { class: 'item-preview' }, `${g.group.memberCount || 0} members`)))));
}

function renderMe(head, body) {
  const c = ui.client;
  const p = c.self;
  const nickname = h('input', { value: p.nickname || '', dataset: { test: 'nickname' } });
  const avatarUrl = h('input', { value: p.avatarUrl || '', placeholder: 'https://…', dataset: { test: 'avatar-url' } });
  const bio = h('textarea', { rows: 3, dataset: { test: 'bio' } });
  bio.value = p.bio || '';
  const note = h('p', { class: 'info', dataset: { test: 'profile-note' } });
  const save = async (e) => {
    e.preventDefault();
    try {
      const r = await c.call({ updateProfile: { nickname: nickname.value, avatarUrl: avatarUrl.value, bio: bio.value } });
      c.self = r.profileResponse.profile;
      await c.store.putMeta('profile', c.self);
      note.textContent = 'Saved';
    } catch (err) {
      note.textContent = explain(err);
    }
  };
  const notify = 'Notification' in window && Notification.permission === 'default'
    ? h('button', { type: 'button', onclick: () => Notification.requestPermission() }, 'Allow desktop notifications') : null;
  fill(head, h('h2', {}, 'Me'));
  fill(body, h('form', { class: 'profile', onsubmit: save },
    h('p', { class: 'item-name', dataset: { test: 'my-name' } }, p.name || ''),
    h('label', {}, 'Nickname', nickname), h('label', {}, 'Avatar URL', avatarUrl), h('label', {}, 'Bio', bio),
    h('button', { type: 'submit', class: 'primary', dataset: { test: 'save-profile' } }, 'Save'), note),
  notify, h('button', { type: 'button', dataset: { test: 'sign-out' }, onclick: signOut }, 'Sign out'));
}

// ---- the chat pane ----

async function openConv(conv) {
  const c = ui.client;
  ui.conv = conv;
  ui.noOlder = false;
  document.body.classList.add('chat-open');
  $('#members').hidden = true;
  $('#chat').classList.remove('with-members');
  $('#chat-note').hidden = true;
  stopEdit();
  if (!c.store) { renderChat(); return; }
  renderChat();
  const records = await c.history(conv, null, 40);
  if (ui.conv !== conv) return;
  ui.rendered.clear();
  const list = $('#messages');
  list.replaceChildren();
  for (const r of records) placeRecord(r);
  renderOutbox();
  list.scrollTop = list.scrollHeight;
  if (!document.hidden) c.markRead(conv);
  if (ui.view === 'chats') renderList();
}

function renderChat() {
  const open = !!ui.conv;
  $('#empty').hidden = open;
  $('#messages').hidden = !open;
  $('#composer').hidden = !open;
  $('#typing').hidden = true;
  renderChatHead();
}

function renderChatHead() {
  if (!ui.client) return;
  const conv = ui.conv;
  $('#chat-title').textContent = conv ? convName(conv) : '';
  $('#members-btn').hidden = !conv || !conv.startsWith('g:');
  const peer = conv && conv.startsWith('u:') ? conv.slice(2) : null;
  const blocked = !!peer && ui.client.blocked.has(peer);
  const blockBtn = $('#block-btn');
  blockBtn.hidden = !peer;
  blockBtn.textContent = blocked ? 'Unblock' : 'Block';
  blockBtn.dataset.blocked = String(blocked);
  const rec = conv && ui.client.convs.get(conv);
  const note = $('#chat-note');
  if (rec && rec.left && !ui.client.groups.has(rec.groupId)) {
    note.hidden = false;
    note.textContent = rec.left === 'MEMBER_KICKED' ? 'You were removed from this group.' : rec.left === 'GROUP_DISSOLVED' ? 'This group was dissolved.' : 'You left this group.';
    note.dataset.state = 'not-member';
    $('#composer').hidden = true;
  }
}

function redrawMessages() {
  if (ui.conv) openConv(ui.conv);
}

function onMessages({ conv, records }) {
  const c = ui.client;
  if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
    for (const r of records) {
      if (r.senderId !== c.self.userId && r.kind === 'TEXT' && Date.now() - Number(r.sentAtMs) < 60000) {
        new Notification(convName(conv), { body: r.text, tag: conv });
      }
    }
  }
  if (conv !== ui.conv) return;
  const list = $('#messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  for (const r of records) placeRecord(r);
  renderOutbox();
  if (atBottom) list.scrollTop = list.scrollHeight;
  if (!document.hidden) c.markRead(conv);
}

/** Inserts or replaces a stored record's bubble in order of its seq; a record is shown once. */
function placeRecord(r) {
  const list = $('#messages');
  const el = bubble(r);
  const old = ui.rendered.get(r.id);
  if (old) {
    old.replaceWith(el);
    ui.rendered.set(r.id, el);
    return;
  }
  if (r.clientMsgId) {
    const pending = list.querySelector(`[data-client-msg-id="${CSS.escape(r.clientMsgId)}"][data-pending]`);
    if (pending) pending.remove();
  }
  ui.rendered.set(r.id, el);
  let next = null;
  for (const m of list.querySelectorAll('.msg-row[data-order]')) {
    if (m.dataset.order > r.order) { next = m; break; }
  }
  const prev = next ? previousRow(next) : lastStoredRow(list);
  if (!prev || Number(r.sentAtMs) - Number(prev.dataset.at || 0) > TIME_GAP_MS) list.insertBefore(timeDivider(r.sentAtMs), next || firstPending(list));
  list.insertBefore(el, next || firstPending(list));
}

function previousRow(el) {
  let p = el.previousElementSibling;
  while (p && !p.dataset.order) p = p.previousElementSibling;
  return p;
}

function lastStoredRow(list) {
  const rows = list.querySelectorAll('.msg-row[data-order]');
  return rows.length ? rows[rows.length - 1] : null;
}

function firstPending(list) {
  return list.querySelector('.msg-row[data-pending]');
}

function timeDivider(ms) {
  return h('div', { class: 'time-divider', dataset: { test: 'time' } }, shortTime(ms));
}

function bubble(r) {
  const c = ui.client;
  if (r.kind && r.kind !== 'TEXT') {
    return h('div', { class: 'msg-row system', dataset: { order: r.order, at: r.sentAtMs, test: 'system-msg', id: r.id } },
      systemText(r, (id) => c.nameOf(id)));
  }
  if (r.deleted) { // delete for me: kept in order, not shown
    return h('div', { class: 'msg-row', hidden: true, dataset: { order: r.order, at: r.sentAtMs, id: r.id, deleted: 'true' } });
  }
  const mine = r.senderId === c.self.userId;
  const text = r.recalled ? recalledText(r, mine) : r.deleted ? 'Message deleted' : r.text;
  const isGroup = r.conv.startsWith('g:');
  const name = c.nameOf(r.senderId);
  const p = c.profileOf(r.senderId) || (mine ? c.self : null);
  return h('div', { class: `msg-row ${mine ? 'mine' : 'theirs'}`, dataset: { order: r.order, at: r.sentAtMs, test: 'msg', id: r.id, seq: r.seq, messageId: r.messageId, clientMsgId: r.clientMsgId, state: 'sent', mine: mine ? 'true' : 'false' } },
    avatar(name, p && p.avatarUrl, r.senderId, 'small'),
    h('div', { class: 'msg-body' },
      isGroup && !mine ? h('div', { class: 'msg-sender' }, name) : null,
      h('div', { class: `bubble${r.recalled || r.deleted ? ' recalled' : ''}`, dataset: { test: 'msg-text', recalled: r.recalled ? 'true' : null } }, text),
      h('div', { class: 'msg-meta' },
        r.editedAtMs && r.editedAtMs !== '0' && !r.recalled ? h('span', { dataset: { test: 'edited' } }, 'edited') : null,
        mine ? h('span', { class: 'msg-status', dataset: { test: 'msg-status' } }, receiptText(r)) : null,
        r.recalled ? null : messageActions(r, mine, isGroup))));
}

/** Who recalled: in a group an owner or admin may recall a member's message (the log entry names who did). */
function recalledText(r, mine) {
  const c = ui.client;
  const by = r.recalledBy;
  if (by === c.self.userId || (mine && !by)) return 'You recalled a message';
  if (by && by !== r.senderId) return `${c.nameOf(by)} recalled a message`;
  return 'Message recalled';
}

/** Edit and Recall on one's own messages, Delete (for me) in 1:1 chats, Recall for a group's managers. */
function messageActions(r, mine, isGroup) {
  const c = ui.client;
  const act = (kind, test, label) => h('button', { type: 'button', class: 'link', dataset: { test }, onclick: () => {
    c.revise(r, kind).catch(alertInline);
  } }, label);
  const buttons = [];
  if (mine) buttons.push(h('button', { type: 'button', class: 'link', dataset: { test: 'edit' }, onclick: () => startEdit(r) }, 'Edit'));
  if (mine || (isGroup && c.managesGroup(r.conv.slice(2)))) buttons.push(act('RECALLED', 'recall', 'Recall'));
  if (!isGroup) buttons.push(act('DELETED', 'delete', 'Delete'));
  return buttons.length ? h('span', { class: 'msg-actions' }, buttons) : null;
}

/** Puts a message's text in the composer; the next send replaces that message's text instead. */
function startEdit(r) {
  ui.editing = r;
  const text = $('#composer-text');
  text.value = r.text;
  const bar = $('#editing');
  bar.hidden = false;
  fill(bar, 'Editing a message ', h('button', { type: 'button', class: 'link', dataset: { test: 'cancel-edit' }, onclick: stopEdit }, 'Cancel'));
  text.focus();
}

function stopEdit() {
  if (!ui.editing) return;
  ui.editing = null;
  $('#editing').hidden = true;
  $('#composer-text').value = '';
}

function receiptText(r) {
  const c = ui.client;
  if (!c.readReceipts || !r.conv.startsWith('u:')) return 'Sent';
  const read = c.peerRead.get(r.conv.slice(2));
  return read && r.messageId && BigInt(r.messageId) <= BigInt(read) ? 'Read' : 'Sent';
}

function redrawReceipts() {
  for (const row of document.querySelectorAll('.msg-row.mine[data-order]')) {
    const rec = { conv: ui.conv, messageId: row.dataset.messageId };
    const s = row.querySelector('.msg-status');
    if (s) s.textContent = receiptText(rec);
  }
}

/** Unsent messages of the open conversation, after the stored ones, with their state. */
function renderOutbox() {
  const c = ui.client;
  const list = $('#messages');
  for (const el of list.querySelectorAll('[data-pending]')) el.remove();
  for (const o of c.outboxOf(ui.conv)) {
    const stored = [...ui.rendered.values()].some((el) => el.dataset.clientMsgId === o.clientMsgId);
    if (stored) continue;
    const status = o.state === 'failed'
      ? h('span', { class: 'msg-status failed' }, `Failed${o.error ? ` (${o.error})` : ''} `,
        h('button', { type: 'button', class: 'link', dataset: { test: 'retry' }, onclick: () => c.retry(o.clientMsgId) }, 'Retry'))
      : h('span', { class: 'msg-status' }, 'Sending…');
    list.appendChild(h('div', { class: 'msg-row mine', dataset: { test: 'msg', pending: 'true', clientMsgId: o.clientMsgId, state: o.state, mine: 'true' } },
      avatar(c.self.nickname || c.self.name, c.self.avatarUrl, c.self.userId, 'small'),
      h('div', { class: 'msg-body' }, h('div', { class: 'bubble', dataset: { test: 'msg-text' } }, o.text), h('div', { class: 'msg-meta' }, status))));
  }
}

async function loadOlder() {
  const c = ui.client;
  if (!ui.conv || ui.loadingOlder || ui.noOlder) return;
  const first = $('#messages .msg-row[data-order]');
  if (!first) return;
  ui.loadingOlder = true;
  const conv = ui.conv;
  try {
    const older = await c.history(conv, first.dataset.order, 40);
    if (conv !== ui.conv) return;
    if (older.length === 0) { ui.noOlder = true; return; }
    const list = $('#messages');
    const before = list.scrollHeight;
    for (const r of older) placeRecord(r);
    list.scrollTop += list.scrollHeight - before;
  } finally {
    ui.loadingOlder = false;
  }
}

function sendComposer() {
  const text = $('#composer-text');
  const value = text.value.replace(/\s+$/, '');
  if (!ui.conv || !value.trim()) return;
  ui.lastTypingSent = 0;
  ui.client.typing(ui.conv, 'STOPPED');
  if (ui.editing) {
    const r = ui.editing;
    stopEdit();
    ui.client.revise(r, 'EDITED', value).catch(alertInline);
    return;
  }
  text.value = '';
  ui.client.send(ui.conv, value).then(() => {
    renderOutbox();
    const list = $('#messages');
    list.scrollTop = list.scrollHeight;
  });
}

function onTyping({ conv, userId, state }) {
  if (conv !== ui.conv || userId === ui.client.self.userId) return;
  const el = $('#typing');
  clearTimeout(ui.typingTimers.get(conv));
  if (state === 'TYPING') {
    el.hidden = false;
    el.textContent = `${ui.client.nameOf(userId)} is typing…`;
    ui.typingTimers.set(conv, setTimeout(() => { el.hidden = true; }, TYPING_SHOW_MS));
  } else {
    el.hidden = true;
  }
}

// ---- group members ----

async function toggleMembers() {
  const panel = $('#members');
  panel.hidden = !panel.hidden;
  $('#chat').classList.toggle('with-members', !panel.hidden);
  if (panel.hidden) return;
  await renderMembers();
}

async function renderMembers() {
  const c = ui.client;
  const panel = $('#members');
  const groupId = ui.conv.slice(2);
  const g = c.groups.get(groupId);
  let members = [];
  try {
    members = (await c.call({ listMembers: { groupId, limit: 500 } })).listMembersResponse.members || [];
  } catch (e) {
    fill(panel, h('p', { class: 'error' }, explain(e)));
    return;
  }
  const me = members.find((m) => m.userId === c.self.userId);
  const myRole = me ? me.role : 'MEMBER';
  const ids = new Set(members.map((m) => m.userId));
  const invitable = [...c.friends.values()].filter((f) => !ids.has(f.profile.userId));
  const select = h('select', { dataset: { test: 'invite-select' } }, invitable.map((f) => h('option', { value: f.profile.userId }, c.nameOf(f.profile.userId))));
  const note = h('p', { class: 'error', dataset: { test: 'members-error' } });
  const act = async (body) => {
    try {
      await c.call(body);
      await c.refreshGroups();
      await renderMembers();
    } catch (e) {
      note.textContent = explain(e);
    }
  };
  fill(panel, h('h3', {}, `${g ? g.group.name : 'Group'} · ${members.length} members`),
    members.map((m) => h('div', { class: 'member', dataset: { test: 'member', userId: m.userId, name: (c.profileOf(m.userId) || {}).name || '' } },
      avatar(c.nameOf(m.userId), (c.profileOf(m.userId) || {}).avatarUrl, m.userId, 'small'),
      h('span', { class: 'item-name' }, m.nickname || c.nameOf(m.userId)),
      h('span', { class: 'role' }, m.role === 'OWNER' ? 'owner' : m.role === 'ADMIN' ? 'admin' : ''),
      m.userId !== c.self.userId && (myRole === 'OWNER' || (myRole === 'ADMIN' && m.role === 'MEMBER'))
        ? h('button', { type: 'button', dataset: { test: 'kick' }, onclick: () => act({ kickMember: { groupId, userId: m.userId } }) }, 'Remove') : null)),
    invitable.length ? h('div', { class: 'row' }, select, h('button', { type: 'button', dataset: { test: 'invite' }, onclick: () => act({ inviteToGroup: { groupId, userIds: [select.value] } }) }, 'Invite')) : null,
    myRole !== 'OWNER' ? h('button', { type: 'button', dataset: { test: 'leave' }, onclick: () => act({ leaveGroup: { groupId } }) }, 'Leave group') : null,
    note);
}

boot();
