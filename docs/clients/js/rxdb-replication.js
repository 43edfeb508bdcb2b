// An RxDB replication handler for Keepsync: RxDB's replication protocol (push handler returning conflicts, pull
// handler with a checkpoint, pull.stream$ for live updates) mapped onto push, pull and the event stream.
//
// Documents need a primary key and an `updatedAt` number (epoch milliseconds) that the app sets on every write; it
// becomes the change's lastModifiedAt, which decides last-write-wins on the server.
import { createHash } from 'node:crypto';
import { Subject } from 'rxjs';
import { replicateRxCollection } from 'rxdb/plugins/replication';

const INTERNAL = new Set(['_deleted', '_attachments', '_rev', '_meta']);

function dataOf(doc) {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !INTERNAL.has(key)));
}

/**
 * A mutation id derived from the state it sends: when RxDB retries a push whose answer was lost, the same rows get
 * the same ids and the server answers `duplicate` rather than writing again.
 */
function mutationId(clientId, entityType, doc) {
  const hex = createHash('sha256').update(JSON.stringify([clientId, entityType, doc])).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A change as the server sends it (pulled, or a stale result's `current`) as an RxDB document. */
function documentOf(change, primaryPath) {
  const deleted = change.action === 'delete';
  const data = deleted || !change.data ? {} : change.data;
  return { ...data, [primaryPath]: change.entityId, updatedAt: Date.parse(change.lastModifiedAt), _deleted: deleted };
}

/**
 * Starts replicating `collection` (its name is the entity type) through `client` (a KeepsyncClient; its local
 * database is not used here). Returns RxDB's replication state.
 */
export function replicateKeepsync({ collection, client, live = true, batchSize = 100 }) {
  const primaryPath = collection.schema.primaryPath;
  const entityType = collection.name;
  const pokes = new Subject();
  let stream = null;
  if (live) {
    stream = client.events((name) => {
      if (name === 'changes') pokes.next('RESYNC');
    });
    stream.done.catch(() => pokes.next('RESYNC'));
  }

  const replication = replicateRxCollection({
    collection,
    replicationIdentifier: `keepsync-${client.baseUrl}-${entityType}`,
    live,
    retryTime: 1000,
    push: {
      batchSize,
      async handler(rows) {
        const changes = rows.map(({ newDocumentState: doc }) => ({
          id: mutationId(client.clientId, entityType, doc),
          entityType,
          entityId: doc[primaryPath],
          action: doc._deleted ? 'delete' : 'update',
          data: doc._deleted ? null : dataOf(doc),
          // remove() keeps the document's updatedAt, and a delete has to be newer than the write it deletes.
          lastModifiedAt: new Date(doc._deleted ? Math.max((doc.updatedAt ?? 0) + 1, Date.now()) : doc.updatedAt)
            .toISOString(),
        }));
        const response = await client.request('/api/v1/sync/push', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ clientId: client.clientId, changes }),
        });
        const answer = await response.json();
        // A stale change lost to a newer write: `current` is the winner, which RxDB takes as the master state.
        return answer.results.filter((r) => r.current).map((r) => documentOf(r.current, primaryPath));
      },
    },
    pull: {
      batchSize,
      async handler(checkpoint, size) {
        const query = new URLSearchParams({ limit: String(size), entityTypes: entityType, clientId: client.clientId });
        if (checkpoint?.cursor) query.set('since', checkpoint.cursor);
        let page;
        try {
          page = await (await client.request(`/api/v1/sync/pull?${query}`)).json();
        } catch (e) {
          // The server can no longer serve this checkpoint: start over from the beginning.
          if (e.status !== 409) throw e;
          query.delete('since');
          page = await (await client.request(`/api/v1/sync/pull?${query}`)).json();
        }
        return {
          documents: page.changes.map((change) => documentOf(change, primaryPath)),
          checkpoint: { cursor: page.cursor },
        };
      },
      stream$: pokes.asObservable(),
    },
  });
  const cancel = replication.cancel.bind(replication);
  replication.cancel = async () => {
    stream?.controller.abort();
    return cancel();
  };
  return replication;
}
