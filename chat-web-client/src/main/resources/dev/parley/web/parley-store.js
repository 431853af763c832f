// Local history of one (deployment, user, device) in IndexedDB: the messages of every
// conversation, the conversation list, and the sync positions, so a reload renders at once and
// syncs only what is new. Ids and seqs are kept as strings (int64 in the JSON mapping).

const VERSION = 1;

/** Pads a decimal seq so that string order is numeric order. */
export function orderKey(seq) {
  return String(seq).padStart(20, '0');
}

/** The database name: one local copy per deployment, user and device. */
export function dbName(deploymentId, userId, deviceId) {
  return `parley:${deploymentId || 'unknown'}:${userId}:${deviceId}`;
}

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
}

/**
 * One open local store. Object stores: meta (key → value: positions, identity, profile, friends),
 * messages (id → record; index conv+order for history pages, index messageId for revisions),
 * convs (conv → summary for the conversation list), outbox (clientMsgId → unsent message).
 */
export class LocalStore {
  constructor(db) {
    this.db = db;
  }

  static async open(name) {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('meta');
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('byConv', ['conv', 'order']);
      messages.createIndex('byMessageId', 'messageId');
      db.createObjectStore('convs', { keyPath: 'conv' });
      db.createObjectStore('outbox', { keyPath: 'clientMsgId' });
    };
    return new LocalStore(await promised(request));
  }

  close() {
    this.db.close();
  }

  async getMeta(key) {
    return promised(this.db.transaction('meta').objectStore('meta').get(key));
  }

  async putMeta(key, value) {
    const tx = this.db.transaction('meta', 'readwrite');
    tx.objectStore('meta').put(value, key);
    return done(tx);
  }

  /** Empties the local copy (another mailbox epoch: the account was made anew). */
  async clear() {
    const tx = this.db.transaction(['meta', 'messages', 'convs', 'outbox'], 'readwrite');
    for (const s of ['meta', 'messages', 'convs', 'outbox']) tx.objectStore(s).clear();
    return done(tx);
  }

  /** Writes message records, conversation summaries and meta entries in one transaction. */
  async write({ messages = [], convs = [], meta = {}, outboxPut = [], outboxDelete = [] }) {
    const tx = this.db.transaction(['meta', 'messages', 'convs', 'outbox'], 'readwrite');
    const m = tx.objectStore('messages');
    for (const r of messages) m.put(r);
    const c = tx.objectStore('convs');
    for (const r of convs) c.put(r);
    const me = tx.objectStore('meta');
    for (const [k, v] of Object.entries(meta)) me.put(v, k);
    const o = tx.objectStore('outbox');
    for (const r of outboxPut) o.put(r);
    for (const id of outboxDelete) o.delete(id);
    return done(tx);
  }

  async getMessage(id) {
    return promised(this.db.transaction('messages').objectStore('messages').get(id));
  }

  async findByMessageId(messageId) {
    return promised(this.db.transaction('messages').objectStore('messages').index('byMessageId').getAll(messageId));
  }

  /** Up to {@code limit} messages of {@code conv} before {@code beforeOrder} (null: newest), oldest first. */
  async history(conv, beforeOrder, limit) {
    const index = this.db.transaction('messages').objectStore('messages').index('byConv');
    const upper = beforeOrder == null ? [conv, '\uffff'] : [conv, beforeOrder];
    const range = IDBKeyRange.bound([conv, ''], upper, false, beforeOrder != null);
    const out = [];
    return new Promise((resolve, reject) => {
      const cursor = index.openCursor(range, 'prev');
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || out.length >= limit) {
          resolve(out.reverse());
          return;
        }
        out.push(c.value);
        c.continue();
      };
    });
  }

  async convs() {
    return promised(this.db.transaction('convs').objectStore('convs').getAll());
  }

  async outbox() {
    return promised(this.db.transaction('outbox').objectStore('outbox').getAll());
  }
}
