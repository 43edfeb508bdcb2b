"""Runs the reference client against a Keepsync server and checks what an app relies on:
    python3 scenario.py http://localhost:8080
The project's tests run it against the packaged service (ReferenceClientsIT)."""

import base64
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone

from keepsync_client import KeepsyncClient, RetryableError

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080"


def post(path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(BASE + path, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def step(name):
    print(f"ok {name}", flush=True)


class LostAnswer:
    """An opener that sends the request, then loses the answer."""

    def __init__(self, real):
        self.real = real

    def open(self, request, timeout=None):
        self.real.open(request, timeout=timeout).read()
        raise ConnectionResetError("connection reset")


def main():
    with tempfile.TemporaryDirectory(prefix="keepsync-py-") as work:
        # With KEEPSYNC_PROVIDER_TOKEN, the phone signs in with the app's identity provider instead: its token comes
        # from a provider callback, as an app's current token would.
        provider_token = os.environ.get("KEEPSYNC_PROVIDER_TOKEN")
        if provider_token:
            account = {"accessToken": provider_token}
            me = json.loads(urllib.request.urlopen(urllib.request.Request(
                BASE + "/api/v1/me", headers={"Authorization": f"Bearer {provider_token}"})).read())
            assert me["issuer"] and me["subject"], me
            step("a provider token signs in: " + me["issuer"] + " " + me["subject"])
        else:
            account = post("/api/v1/auth/register", {"email": f"py-{time.time_ns()}@example.com",
                                                     "password": "reference client"})
        key = post("/api/v1/api-keys", {"name": "tablet"}, account["accessToken"])["key"]
        phone = KeepsyncClient(BASE, (lambda: provider_token) if provider_token else account["accessToken"], "py-phone",
                               os.path.join(work, "phone.sqlite"))
        tablet = KeepsyncClient(BASE, key, "py-tablet", os.path.join(work, "tablet.sqlite"))
        try:
            phone.put("workout", "w-1", {"name": "Legs", "sets": 5})
            tablet.put("workout", "w-2", {"name": "Push", "sets": 4})
            phone.sync()
            tablet.sync()
            phone.sync()
            assert phone.all("workout") == tablet.all("workout") and len(phone.all("workout")) == 2
            step("two devices converge")

            phone.put("workout", "w-3", {"name": "Pull"})
            real = phone.opener
            phone.opener = LostAnswer(real)
            try:
                phone.push()
                raise AssertionError("the lost answer was not reported")
            except RetryableError:
                pass
            assert phone.pending() == 1, "the change left the queue without an answer"
            phone.opener = real
            retried = phone.push()
            assert [(r["status"], r.get("originalStatus")) for r in retried] == [("duplicate", "applied")], retried
            step("a lost answer is retried with the same ids and applied once")

            t = datetime.now(timezone.utc)
            phone.put("workout", "w-1", {"name": "Legs (phone)"}, iso(t + timedelta(seconds=1)))
            tablet.put("workout", "w-1", {"name": "Legs (tablet)"}, iso(t + timedelta(seconds=2)))
            tablet.push()
            lost = phone.push()
            assert lost[0]["status"] == "stale" and lost[0]["current"]["data"]["name"] == "Legs (tablet)", lost
            tablet.put("workout", "w-2", {"name": "Push (tablet)"}, iso(t + timedelta(seconds=3)))
            phone.put("workout", "w-2", {"name": "Push (phone)"}, iso(t + timedelta(seconds=4)))
            tablet.push()
            phone.push()
            phone.sync()
            tablet.sync()
            for client in (phone, tablet):
                assert client.get("workout", "w-1")["name"] == "Legs (tablet)"
                assert client.get("workout", "w-2")["name"] == "Push (phone)"
            step("a conflict resolves to the later write on both devices")

            tablet.apply_remote({"entityType": "workout", "entityId": "gone-from-server", "action": "upsert",
                                 "data": {}, "lastModifiedAt": iso(t), "clientId": "elsewhere"})
            padded = tablet.cursor + "=" * (-len(tablet.cursor) % 4)
            mark, epoch, version = base64.urlsafe_b64decode(padded).decode().split(":")
            forged = base64.urlsafe_b64encode(f"{mark}:{epoch}:{int(version) + 1000}".encode()).decode().rstrip("=")
            tablet._set_meta("cursor", forged)
            tablet.pull()
            assert tablet.get("workout", "gone-from-server") is None
            assert tablet.all("workout") == phone.all("workout")
            step("409 must-refetch pulls again and removes records the server no longer has")

            stored = phone.upload_backup("reference client")
            assert stored["status"] == "verified" and stored["warnings"] == [], stored
            with open(phone.file, "rb") as f:
                uploaded = f.read()
            assert stored["sha256"] == hashlib.sha256(uploaded).hexdigest()
            restored = phone.download_latest()
            assert restored == uploaded, "the restored backup differs from the uploaded one"
            restored_file = os.path.join(work, "restored.sqlite")
            with open(restored_file, "wb") as f:
                f.write(restored)
            check = sqlite3.connect(restored_file)
            assert check.execute("SELECT count(*) FROM records WHERE entity_type = 'workout'").fetchone()[0] == 3
            check.close()
            step("a backup after wal_checkpoint(TRUNCATE) uploads and restores byte-identical")
        finally:
            phone.close()
            tablet.close()
    print("reference client scenario passed")


if __name__ == "__main__":
    main()
