"""Keepsync reference client in Python, standard library only (urllib, sqlite3, json).

A device keeps its records and its queue of unsent changes in a local SQLite database, so both survive a restart.
Writes go to the local database first and into the queue under a fresh mutation id; push sends the queue in order
and drops only what the server answered, so a retry after a lost answer re-sends the same ids and the server answers
``duplicate`` instead of applying twice. Pull applies the server's changes with last-write-wins, exactly as the
server decides: (lastModifiedAt, clientId), timestamps first.
"""

import base64
import hashlib
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone

PAGE = 500


class RetryableError(Exception):
    """No answer, a 5xx or a 503: retry later with the same mutation ids."""


class ProblemError(Exception):
    """The server's problem answer (application/problem+json)."""

    def __init__(self, status, problem):
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wins(a, b):
    """Whether write ``a`` beats write ``b``: the later lastModifiedAt, then the greater clientId (as bytes)."""
    ta, tb = _instant(a["lastModifiedAt"]), _instant(b["lastModifiedAt"])
    if ta != tb:
        return ta > tb
    return (a.get("clientId") or "").encode() > (b.get("clientId") or "").encode()


class KeepsyncClient:
    def __init__(self, base_url, token, client_id, file, opener=None):
        """``token``: an access token, a device API key (ks_...), a token of the app's identity provider, or a
        callable returning the current one (called before every request, so the app hands over its provider's
        refreshed token)."""
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.client_id = client_id
        self.file = file
        self.opener = opener or urllib.request.build_opener()
        self.db = sqlite3.connect(file, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS records (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, data TEXT,
              deleted INTEGER NOT NULL DEFAULT 0, last_modified_at TEXT NOT NULL, client_id TEXT,
              PRIMARY KEY (entity_type, entity_id));
            CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
              entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL, data TEXT,
              last_modified_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);""")

    def close(self):
        self.db.close()

    # ---- local reads and writes ----------------------------------------------------------------------------------

    def get(self, entity_type, entity_id):
        row = self.db.execute("SELECT data FROM records WHERE entity_type = ? AND entity_id = ? AND deleted = 0",
                              (entity_type, entity_id)).fetchone()
        return json.loads(row[0]) if row else None

    def all(self, entity_type):
        rows = self.db.execute("SELECT entity_id, data FROM records WHERE entity_type = ? AND deleted = 0 "
                               "ORDER BY entity_id", (entity_type,)).fetchall()
        return {entity_id: json.loads(data) for entity_id, data in rows}

    def put(self, entity_type, entity_id, data, at=None):
        self._write(entity_type, entity_id, "update", data, at or now_iso())

    def remove(self, entity_type, entity_id, at=None):
        """Deletes locally and queues a tombstone stamped with the time of the delete (it must be newer)."""
        self._write(entity_type, entity_id, "delete", None, at or now_iso())

    def _write(self, entity_type, entity_id, action, data, at):
        with self._transaction():
            self._store(entity_type, entity_id, data, action == "delete", at, self.client_id)
            self.db.execute("INSERT INTO queue (id, entity_type, entity_id, action, data, last_modified_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (str(uuid.uuid4()), entity_type, entity_id, action,
                                                          None if data is None else json.dumps(data), at))

    def _store(self, entity_type, entity_id, data, deleted, at, client_id):
        self.db.execute(
            "INSERT INTO records (entity_type, entity_id, data, deleted, last_modified_at, client_id) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity_type, entity_id) DO UPDATE SET data = excluded.data, "
            "deleted = excluded.deleted, last_modified_at = excluded.last_modified_at, client_id = excluded.client_id",
            (entity_type, entity_id, None if data is None else json.dumps(data), 1 if deleted else 0, at, client_id))

    def apply_remote(self, change):
        """Applies a pulled change, or a stale result's ``current``, with last-write-wins."""
        local = self.db.execute("SELECT last_modified_at, client_id FROM records WHERE entity_type = ? "
                                "AND entity_id = ?", (change["entityType"], change["entityId"])).fetchone()
        if local and not wins(change, {"lastModifiedAt": local[0], "clientId": local[1]}):
            return False
        self._store(change["entityType"], change["entityId"], change.get("data"), change["action"] == "delete",
                    change["lastModifiedAt"], change.get("clientId"))
        return True

    def pending(self):
        return self.db.execute("SELECT count(*) FROM queue").fetchone()[0]

    def _meta(self, key):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key, value):
        if value is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    @property
    def cursor(self):
        return self._meta("cursor")

    def _transaction(self):
        client = self

        class Transaction:
            def __enter__(self):
                client.db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, value, trace):
                client.db.execute("COMMIT" if kind is None else "ROLLBACK")
                return False

        return Transaction()

    # ---- HTTP ----------------------------------------------------------------------------------------------------

    def current_token(self):
        """The token to send now: the one given, or what the app's token provider returns."""
        return self.token() if callable(self.token) else self.token

    def request(self, path, method="GET", body=None, headers=None):
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers={
            "Authorization": f"Bearer {self.current_token()}", "X-Client-Id": self.client_id, **(headers or {})})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            body = e.read()
            if e.code >= 500:
                raise RetryableError(f"{path} answered {e.code}; retry later") from e
            try:
                problem = json.loads(body)
            except ValueError:
                problem = {}
            raise ProblemError(e.code, problem) from e
        except (urllib.error.URLError, OSError) as e:
            raise RetryableError(f"no answer from {path}: {e}") from e

    # ---- push and pull -------------------------------------------------------------------------------------------

    def push(self):
        """Sends the queue in order; answered changes leave it. On no answer, a 5xx or 503: RetryableError."""
        results = []
        while True:
            queued = self.db.execute("SELECT id, entity_type, entity_id, action, data, last_modified_at FROM queue "
                                     "ORDER BY seq LIMIT ?", (PAGE,)).fetchall()
            if not queued:
                return results
            body = {"clientId": self.client_id, "changes": [
                {"id": q[0], "entityType": q[1], "entityId": q[2], "action": q[3],
                 "data": None if q[4] is None else json.loads(q[4]), "lastModifiedAt": q[5]} for q in queued]}
            _, answer = self.request("/api/v1/sync/push", "POST", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
            answer = json.loads(answer)
            with self._transaction():
                for result in answer["results"]:
                    if result.get("current"):
                        self.apply_remote(result["current"])
                    # Everything answered leaves the queue; a rejected change would only be rejected again.
                    self.db.execute("DELETE FROM queue WHERE id = ?", (result["id"],))
            results.extend(answer["results"])

    def pull(self):
        """Pulls every page after the cursor; on 409 must-refetch pulls everything again and drops what is gone."""
        try:
            return self._pull_from(self.cursor, None)
        except ProblemError as e:
            if e.status != 409:
                raise
            self._set_meta("cursor", None)
            seen = set()
            applied = self._pull_from(None, seen)
            queued = set(self.db.execute("SELECT entity_type, entity_id FROM queue").fetchall())
            with self._transaction():
                for key in self.db.execute("SELECT entity_type, entity_id FROM records").fetchall():
                    if key not in seen and key not in queued:
                        self.db.execute("DELETE FROM records WHERE entity_type = ? AND entity_id = ?", key)
            return applied

    def _pull_from(self, cursor, seen):
        applied = 0
        while True:
            query = {"limit": PAGE, "clientId": self.client_id}
            if cursor:
                query["since"] = cursor
            _, body = self.request("/api/v1/sync/pull?" + urllib.parse.urlencode(query))
            page = json.loads(body)
            with self._transaction():
                for change in page["changes"]:
                    if seen is not None:
                        seen.add((change["entityType"], change["entityId"]))
                    if self.apply_remote(change):
                        applied += 1
                self._set_meta("cursor", page["cursor"])
            cursor = page["cursor"]
            if not page["hasMore"]:
                return applied

    def sync(self):
        return self.push(), self.pull()

    # ---- backups -------------------------------------------------------------------------------------------------

    def upload_backup(self, label=None):
        """Checkpoints the WAL into the main file, then uploads that file: without the checkpoint, committed rows
        still in the -wal file would be missing from the copy (and the server would flag it ``shrunk``)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return self.upload_file(self.file, label)

    def upload_file(self, path, label=None):
        with open(path, "rb") as f:
            data = f.read()
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
        headers = {"Content-Type": "application/vnd.sqlite3", "Content-Digest": f"sha-256=:{digest}:"}
        if label:
            headers["X-Backup-Label"] = label
        _, body = self.request("/api/v1/backups", "POST", data, headers)
        return json.loads(body)

    def download_latest(self):
        return self.request("/api/v1/backups/latest/content")[1]


def file_sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()

