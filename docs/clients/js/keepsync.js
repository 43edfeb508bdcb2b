// Keepsync reference client for Node 20+ and Electron's main process (no browser APIs, no build step).
//
// A device keeps its records and its queue of unsent changes in a local SQLite database (better-sqlite3), so both
// survive a restart. Writes go to the local database first and into the queue under a fresh mutation id; push sends
// the queue in order and drops only what the server confirmed, so a retry after a lost answer re-sends the same ids
// and the server answers `duplicate` instead of applying twice. Pull applies the server's changes with
// last-write-wins, exactly as the server decides: (lastModifiedAt, clientId), timestamps first.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Database from 'better-sqlite3';

const PAGE = 500;

/** A failure worth retrying later with the same mutation ids: no answer, a 5xx or a 503. */
export class RetryableError extends Error {}

/** The server's problem answer (application/problem+json). */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem?.title ?? ''}: ${problem?.detail ?? ''}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Last-write-wins as the server orders writes: the later lastModifiedAt wins, then the greater clientId (bytes). */
export function wins(a, b) {
  const ta = Date.parse(a.lastModifiedAt);
  const tb = Date.parse(b.lastModifiedAt);
  if (ta !== tb) return ta > tb;
  return Buffer.compare(Buffer.from(a.clientId ?? ''), Buffer.from(b.clientId ?? '')) > 0;
}

export class KeepsyncClient {
  /**
   * @param {object} options
   * @param {string} options.baseUrl  for example https://sync.example.com
   * @param {string|function(): (string|Promise<string>)} options.token  an access token, a device API key (ks_…), a
   *   token of the app's identity provider, or a function that returns the current one (called before every
   *   request, so an app hands over its provider's refreshed token, e.g. `() => auth.currentUser.getIdToken()`)
   * @param {string} options.clientId this device's stable id
   * @param {string} options.file     the local database file
   * @param {typeof fetch} [options.fetch]
   */
  constructor({ baseUrl, token, clientId, file, fetch: fetchImpl = globalThis.fetch }) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.token = token;
    this.clientId = clientId;
    this.fetch = fetchImpl;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS records (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, data TEXT,
        deleted INTEGER NOT NULL DEFAULT 0, last_modified_at TEXT NOT NULL, client_id TEXT,
        PRIMARY KEY (entity_type, entity_id));
      CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL, data TEXT,
        last_modified_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);`);
  }

  close() {
    this.db.close();
  }

  // ---- local reads and writes -------------------------------------------------------------------------------------

  get(entityType, entityId) {
    const row = this.db.prepare('SELECT * FROM records WHERE entity_type = ? AND entity_id = ? AND deleted = 0')
      .get(entityType, entityId);
    return row ? JSON.parse(row.data) : undefined;
  }

  all(entityType) {
    return this.db.prepare('SELECT entity_id, data FROM records WHERE entity_type = ? AND deleted = 0 ORDER BY entity_id')
      .all(entityType).map((row) => ({ id: row.entity_id, ...JSON.parse(row.data) }));
  }

  /** Writes a record locally and queues it; `at` (an ISO instant) defaults to now. */
  put(entityType, entityId, data, at = new Date().toISOString()) {
    this.#write({ entityType, entityId, action: 'update', data, lastModifiedAt: at });
  }

  /** Deletes locally and queues a tombstone stamped with the time of the delete (a delete must be newer). */
  remove(entityType, entityId, at = new Date().toISOString()) {
    this.#write({ entityType, entityId, action: 'delete', data: null, lastModifiedAt: at });
  }

  #write(change) {
    this.db.transaction(() => {
      this.#store({ ...change, clientId: this.clientId, deleted: change.action === 'delete' });
      this.db.prepare(`INSERT INTO queue (id, entity_type, entity_id, action, data, last_modified_at)
        VALUES (?, ?, ?, ?, ?, ?)`).run(randomUUID(), change.entityType, change.entityId, change.action,
        change.data === null ? null : JSON.stringify(change.data), change.lastModifiedAt);
    })();
  }

  #store({ entityType, entityId, data, deleted, lastModifiedAt, clientId }) {
    this.db.prepare(`INSERT INTO records (entity_type, entity_id, data, deleted, last_modified_at, client_id)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity_type, entity_id) DO UPDATE SET data = excluded.data,
      deleted = excluded.deleted, last_modified_at = excluded.last_modified_at, client_id = excluded.client_id`)
      .run(entityType, entityId, data == null ? null : JSON.stringify(data), deleted ? 1 : 0, lastModifiedAt,
        clientId);
  }

  /** Applies a change from the server (a pulled change or a stale result's `current`) with last-write-wins. */
  applyRemote(change) {
    const local = this.db.prepare('SELECT last_modified_at, client_id FROM records WHERE entity_type = ? AND entity_id = ?')
      .get(change.entityType, change.entityId);
    if (local && !wins(change, { lastModifiedAt: local.last_modified_at, clientId: local.client_id })) {
      return false;
    }
    this.#store({ ...change, deleted: change.action === 'delete' });
    return true;
  }

  pending() {
    return this.db.prepare('SELECT count(*) AS n FROM queue').get().n;
  }

  #meta(key, value) {
    if (value === undefined) {
      return this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
    }
    if (value === null) {
      this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    } else {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, value);
    }
    return value;
  }

  get cursor() {
    return this.#meta('cursor');
  }

  // ---- HTTP -------------------------------------------------------------------------------------------------------

  /** The token to send now: the one given, or what the app's token provider returns. */
  async currentToken() {
    return typeof this.token === 'function' ? this.token() : this.token;
  }

  async request(path, init = {}) {
    let response;
    try {
      response = await this.fetch(this.baseUrl + path, {
        ...init,
        headers: { Authorization: `Bearer ${await this.currentToken()}`, 'X-Client-Id': this.clientId, ...init.headers },
      });
    } catch (e) {
      throw new RetryableError(`no answer from ${path}: ${e.message}`);
    }
    if (response.status >= 500) {
      throw new RetryableError(`${path} answered ${response.status}; retry later`);
    }
    if (!response.ok && response.status !== 304) {
      const problem = await response.json().catch(() => null);
      throw new ProblemError(response.status, problem);
    }
    return response;
  }

  // ---- push and pull ----------------------------------------------------------------------------------------------

  /**
   * Sends the queue in order, up to 500 changes a request. Confirmed changes leave the queue; on a network error, a
   * 5xx or a 503 it throws RetryableError and the queue keeps them under the same ids. A stale change's `current`
   * is applied locally at once. Returns the push results.
   */
  async push() {
    const results = [];
    for (;;) {
      const queued = this.db.prepare('SELECT * FROM queue ORDER BY seq LIMIT ?').all(PAGE);
      if (queued.length === 0) return results;
      const body = {
        clientId: this.clientId,
        changes: queued.map((q) => ({ id: q.id, entityType: q.entity_type, entityId: q.entity_id, action: q.action,
          data: q.data === null ? null : JSON.parse(q.data), lastModifiedAt: q.last_modified_at })),
      };
      const response = await this.request('/api/v1/sync/push', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      const answer = await response.json();
      this.db.transaction(() => {
        for (const result of answer.results) {
          if (result.current) this.applyRemote(result.current);
        }
        // `success` is everything that may leave the queue: applied, stale and duplicate. A rejected change is
        // dropped too (it would be rejected again); its error is in the results for the app to show.
        const done = this.db.prepare('DELETE FROM queue WHERE id = ?');
        for (const result of answer.results) done.run(result.id);
      })();
      results.push(...answer.results);
    }
  }

  /**
   * Pulls every page after the stored cursor and applies it with last-write-wins. On 409 `must-refetch` the cursor is
   * dropped and everything is pulled again; records the server no longer has are then removed locally, unless a queued
   * change of this device still has to reach the server. Returns how many changes were applied.
   */
  async pull() {
    try {
      return await this.#pullFrom(this.cursor, null);
    } catch (e) {
      if (!(e instanceof ProblemError) || e.status !== 409) throw e;
      this.#meta('cursor', null);
      const seen = new Set();
      const applied = await this.#pullFrom(null, seen);
      this.db.transaction(() => {
        const queued = new Set(this.db.prepare('SELECT entity_type, entity_id FROM queue').all()
          .map((q) => `${q.entity_type}\u0000${q.entity_id}`));
        const remove = this.db.prepare('DELETE FROM records WHERE entity_type = ? AND entity_id = ?');
        for (const row of this.db.prepare('SELECT entity_type, entity_id FROM records').all()) {
          const key = `${row.entity_type}\u0000${row.entity_id}`;
          if (!seen.has(key) && !queued.has(key)) remove.run(row.entity_type, row.entity_id);
        }
      })();
      return applied;
    }
  }

  async #pullFrom(cursor, seen) {
    let applied = 0;
    for (;;) {
      const query = new URLSearchParams({ limit: String(PAGE), clientId: this.clientId });
      if (cursor) query.set('since', cursor);
      const page = await (await this.request(`/api/v1/sync/pull?${query}`)).json();
      this.db.transaction(() => {
        for (const change of page.changes) {
          seen?.add(`${change.entityType}\u0000${change.entityId}`);
          if (this.applyRemote(change)) applied++;
        }
        this.#meta('cursor', page.cursor);
      })();
      cursor = page.cursor;
      if (!page.hasMore) return applied;
    }
  }

  /** Push, then pull: one sync round. */
  async sync() {
    const results = await this.push();
    const applied = await this.pull();
    return { results, applied };
  }

  // ---- live events --------------------------------------------------------------------------------------------------

  /**
   * Opens the event stream and calls `onEvent(name, data)` for each event (`changes`, `backup`); the device's own
   * events are left out. Resolves when the stream ends; call `abort()` on the returned controller to close it.
   * A `changes` event is a hint to pull; reconnect after an end and pull, since a missed event loses nothing.
   */
  events(onEvent) {
    const controller = new AbortController();
    const done = (async () => {
      const response = await this.request(`/api/v1/sync/events?clientId=${encodeURIComponent(this.clientId)}`, {
        headers: { Accept: 'text/event-stream' }, signal: controller.signal,
      });
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') name = value;
              if (field === 'data') data.push(value);
            }
            if (data.length > 0) onEvent(name, JSON.parse(data.join('\n')));
          }
        }
      } catch (e) {
        if (e.name !== 'AbortError') throw e;
      }
    })();
    return { controller, done };
  }

  // ---- backups ------------------------------------------------------------------------------------------------------

  /**
   * Uploads a consistent copy of the local database: better-sqlite3's `db.backup()` (SQLite's online backup API)
   * writes every committed page, WAL included, to `copyFile`. Copying the main file alone would miss what sits in the
   * `-wal` file, and the server would flag the result `shrunk`.
   */
  async uploadBackup(copyFile, label) {
    await this.db.backup(copyFile);
    return this.uploadFile(copyFile, label);
  }

  /** Uploads a SQLite file as it is, with its SHA-256 for the server to check. */
  async uploadFile(file, label) {
    const bytes = await readFile(file);
    const digest = createHash('sha256').update(bytes).digest('base64');
    const headers = { 'Content-Type': 'application/vnd.sqlite3', 'Content-Digest': `sha-256=:${digest}:` };
    if (label) headers['X-Backup-Label'] = label;
    const response = await this.request('/api/v1/backups', { method: 'POST', headers, body: bytes });
    return response.json();
  }

  /**
   * Backup now: the server snapshots this account's synced records (every device's, as of one read) and stores the
   * snapshot like a backup. Returns its record, with `source: 'server'`, `recordCount` and `cursor`.
   */
  async snapshot() {
    const response = await this.request('/api/v1/backups/snapshot', { method: 'POST' });
    return response.json();
  }

  /**
   * Rolls the account's synced records back to a server snapshot (an account's sign-in, not a device key). With
   * `dryRun` only counts. Every device, this one included, receives the result by pulling. Returns
   * `{restored, deleted, unchanged, cursor, undoBackupId}`.
   */
  async restore(backupId, { dryRun = false } = {}) {
    const response = await this.request('/api/v1/sync/restore', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ backupId, dryRun }),
    });
    return response.json();
  }

  /** The newest backup's bytes. */
  async downloadLatest() {
    const response = await this.request('/api/v1/backups/latest/content');
    return Buffer.from(await response.arrayBuffer());
  }
}
