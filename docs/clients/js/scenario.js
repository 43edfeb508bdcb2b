// Runs the reference client against a Keepsync server and checks what an app relies on:
//   node scenario.js http://localhost:8080
// The project's tests run it against the packaged service (ReferenceClientsIT).
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { KeepsyncClient, RetryableError } from './keepsync.js';
import { replicateKeepsync } from './rxdb-replication.js';

const base = process.argv[2] ?? 'http://localhost:8080';
const dir = await mkdtemp(join(tmpdir(), 'keepsync-js-'));
const step = (name) => console.log(`ok ${name}`);

async function until(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function json(path, body, token) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `${path} answered ${response.status}`);
  return response.json();
}

const clients = [];
try {
  // With KEEPSYNC_PROVIDER_TOKEN, the account is a user of the app's identity provider: its token comes from a
  // provider callback, as an app's current token would (Firebase's getIdToken(), Supabase's getSession(), ...).
  const providerToken = process.env.KEEPSYNC_PROVIDER_TOKEN;
  let account;
  if (providerToken) {
    account = { accessToken: providerToken };
    const me = await (await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${providerToken}` } })).json();
    assert.ok(me.issuer && me.subject, JSON.stringify(me));
    step(`a provider token signs in: ${me.issuer} ${me.subject}`);
  } else {
    account = await json('/api/v1/auth/register',
      { email: `js-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, password: 'reference client' });
  }
  const tokenOf = (token) => (token === providerToken ? async () => providerToken : token);
  const { key } = await json('/api/v1/api-keys', { name: 'tablet' }, account.accessToken);
  const device = (clientId, token) => {
    const client = new KeepsyncClient({ baseUrl: base, token: tokenOf(token), clientId, file: join(dir, `${clientId}.sqlite`) });
    clients.push(client);
    return client;
  };
  // One device signs in with an access token, the other with a device API key.
  const phone = device('js-phone', account.accessToken);
  const tablet = device('js-tablet', key);

  // Two devices converge.
  phone.put('workout', 'w-1', { name: 'Legs', sets: 5 });
  tablet.put('workout', 'w-2', { name: 'Push', sets: 4 });
  await phone.sync();
  await tablet.sync();
  await phone.sync();
  assert.deepEqual(phone.all('workout'), tablet.all('workout'));
  assert.equal(phone.all('workout').length, 2);
  step('two devices converge');

  // A push whose answer is lost is retried with the same mutation ids: the server applies it once.
  phone.put('workout', 'w-3', { name: 'Pull' });
  const realFetch = phone.fetch;
  phone.fetch = async (...args) => {
    await realFetch(...args);
    throw new TypeError('connection reset');
  };
  await assert.rejects(phone.push(), RetryableError);
  assert.equal(phone.pending(), 1, 'the change left the queue without an answer');
  phone.fetch = realFetch;
  const retried = await phone.push();
  assert.deepEqual(retried.map((r) => [r.status, r.originalStatus]), [['duplicate', 'applied']]);
  assert.equal(phone.pending(), 0);
  step('a lost answer is retried with the same ids and applied once');

  // A conflict resolves to the later write on both devices, whichever pushes first.
  const t = Date.now();
  phone.put('workout', 'w-1', { name: 'Legs (phone)' }, new Date(t + 1000).toISOString());
  tablet.put('workout', 'w-1', { name: 'Legs (tablet)' }, new Date(t + 2000).toISOString());
  await tablet.push();
  const lost = await phone.push();
  assert.equal(lost[0].status, 'stale');
  assert.equal(lost[0].current.data.name, 'Legs (tablet)');
  tablet.put('workout', 'w-2', { name: 'Push (tablet)' }, new Date(t + 3000).toISOString());
  phone.put('workout', 'w-2', { name: 'Push (phone)' }, new Date(t + 4000).toISOString());
  await tablet.push();
  await phone.push();
  await phone.sync();
  await tablet.sync();
  for (const client of [phone, tablet]) {
    assert.equal(client.get('workout', 'w-1').name, 'Legs (tablet)');
    assert.equal(client.get('workout', 'w-2').name, 'Push (phone)');
  }
  step('a conflict resolves to the later write on both devices');

  // Live events: the tablet hears of the phone's push and pulls.
  const heard = [];
  const stream = tablet.events((name) => {
    heard.push(name);
    if (name === 'changes') tablet.pull();
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  phone.put('template', 't-1', { name: 'Upper/lower' });
  await phone.push();
  await until('the live event and the pull', () => tablet.get('template', 't-1')?.name === 'Upper/lower');
  stream.controller.abort();
  assert.ok(heard.includes('changes'));
  step('a push reaches the other device through the event stream');

  // 409 must-refetch: the device pulls everything again and drops what the server no longer has.
  tablet.applyRemote({ entityType: 'workout', entityId: 'gone-from-server', action: 'upsert', data: {},
    lastModifiedAt: new Date(t).toISOString(), clientId: 'elsewhere' });
  const [mark, epoch, version] = Buffer.from(tablet.cursor, 'base64url').toString().split(':');
  tablet.db.prepare("UPDATE meta SET value = ? WHERE key = 'cursor'")
    .run(Buffer.from(`${mark}:${epoch}:${Number(version) + 1000}`).toString('base64url'));
  await tablet.pull();
  assert.equal(tablet.get('workout', 'gone-from-server'), undefined);
  assert.deepEqual(tablet.all('workout'), phone.all('workout'));
  step('409 must-refetch pulls again and removes records the server no longer has');

  // A backup of better-sqlite3's db.backup() uploads, and restores byte-identical.
  const copy = join(dir, 'phone-backup.sqlite');
  const stored = await phone.uploadBackup(copy, 'reference client');
  assert.equal(stored.status, 'verified');
  assert.deepEqual(stored.warnings, []);
  assert.ok(stored.sqlite.tableCount >= 3);
  const restored = await phone.downloadLatest();
  assert.ok(restored.equals(await readFile(copy)), 'the restored backup differs from the uploaded one');
  const restoredFile = join(dir, 'restored.sqlite');
  await writeFile(restoredFile, restored);
  const check = new Database(restoredFile, { readonly: true });
  assert.equal(check.prepare("SELECT count(*) AS n FROM records WHERE entity_type = 'workout'").get().n, 3);
  check.close();
  step('a db.backup() file uploads and restores byte-identical');

  // A device wipes records and sync copies the damage everywhere; a restore to a server snapshot undoes it.
  const snapshot = await phone.snapshot();
  assert.equal(snapshot.source, 'server');
  assert.equal(snapshot.recordCount, phone.all('workout').length + phone.all('template').length);
  const before = phone.all('workout');
  // Stamped ahead of every earlier write, so the wipe wins everywhere.
  const wipedAt = new Date(Date.now() + 10000).toISOString();
  for (const record of tablet.all('workout')) tablet.remove('workout', record.id, wipedAt);
  await tablet.sync();
  await phone.sync();
  assert.equal(phone.all('workout').length, 0, 'the wipe reached the phone');
  await assert.rejects(tablet.restore(snapshot.id), (e) => e.status === 403);
  const dry = await phone.restore(snapshot.id, { dryRun: true });
  assert.equal(dry.restored, before.length);
  assert.equal(dry.undoBackupId, null);
  const result = await phone.restore(snapshot.id);
  assert.equal(result.restored, before.length);
  assert.ok(result.undoBackupId);
  await tablet.sync();
  await phone.sync();
  assert.deepEqual(tablet.all('workout'), before);
  assert.deepEqual(phone.all('workout'), before);
  step('a device wipes records, the user restores a server snapshot, and both devices converge on it');

  // Copying only the main file of a WAL database, without a checkpoint, uploads an empty database: flagged.
  const walFile = join(dir, 'wal.sqlite');
  const wal = new Database(walFile);
  wal.pragma('journal_mode = WAL');
  wal.pragma('wal_autocheckpoint = 0');
  wal.exec('CREATE TABLE sets (id INTEGER PRIMARY KEY, reps INTEGER)');
  const insert = wal.prepare('INSERT INTO sets (reps) VALUES (?)');
  wal.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run(i % 12);
  })();
  const mainOnly = join(dir, 'main-only.sqlite');
  await copyFile(walFile, mainOnly);
  wal.close();
  const flagged = await phone.uploadFile(mainOnly);
  assert.deepEqual(flagged.warnings, ['shrunk']);
  assert.equal(flagged.previous.id, stored.id);
  step('a main-file-only copy of a WAL database is flagged shrunk');

  // RxDB: two databases replicate through Keepsync; a stale push resolves from `current`.
  const schema = {
    version: 0, primaryKey: 'id', type: 'object',
    properties: { id: { type: 'string', maxLength: 100 }, text: { type: 'string' }, updatedAt: { type: 'number' } },
    required: ['id', 'updatedAt'],
  };
  const rx = async (name, clientId) => {
    const db = await createRxDatabase({ name, storage: getRxStorageMemory(), multiInstance: false });
    await db.addCollections({ note: { schema } });
    const replication = replicateKeepsync({ collection: db.note, client: device(clientId, account.accessToken) });
    return { db, replication };
  };
  const a = await rx('rx-a', 'rx-a');
  const b = await rx('rx-b', 'rx-b');
  const now = Date.now();
  await a.db.note.insert({ id: 'n-1', text: 'hello', updatedAt: now });
  await until('the note on the other RxDB database', async () => (await b.db.note.findOne('n-1').exec())?.text === 'hello');
  step('RxDB replication: a document reaches the other database');

  // Another device has written n-1 later; this database's older edit is stale and RxDB takes the server's winner.
  const other = device('rx-other', account.accessToken);
  other.put('note', 'n-1', { id: 'n-1', text: 'from elsewhere', updatedAt: now + 60000 }, new Date(now + 60000).toISOString());
  await other.push();
  const doc = await a.db.note.findOne('n-1').exec();
  await doc.incrementalPatch({ text: 'older local edit', updatedAt: now + 1000 });
  await a.replication.awaitInSync();
  await until('the conflict to resolve to the later write on both RxDB databases', async () =>
    (await a.db.note.findOne('n-1').exec())?.text === 'from elsewhere'
    && (await b.db.note.findOne('n-1').exec())?.text === 'from elsewhere');
  step('RxDB replication: a stale push resolves to the later write from `current`');

  await (await a.db.note.findOne('n-1').exec()).remove();
  await a.replication.awaitInSync();
  await until('the delete on the other RxDB database', async () => (await b.db.note.findOne('n-1').exec()) === null);
  assert.equal(await a.db.note.findOne('n-1').exec(), null, 'the delete was undone');
  step('RxDB replication: a delete reaches the other database');

  for (const { db, replication } of [a, b]) {
    await replication.cancel();
    await db.close();
  }
  console.log('reference client scenario passed');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  for (const client of clients) client.close();
  await rm(dir, { recursive: true, force: true });
}
