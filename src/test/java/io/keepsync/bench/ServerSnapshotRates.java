package io.keepsync.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.bench.Benchmark.Session;

/**
 * Server snapshots and restores of the pushed records through HTTP, one user after another as the pull is measured:
 * the snapshot rate is records written to SQLite and stored per second, the restore rate records rolled back per
 * second (the undo snapshot of the current state included, as a restore always takes one).
 */
final class ServerSnapshotRates {

    private final Benchmark bench;

    ServerSnapshotRates(Benchmark bench) {
        this.bench = bench;
    }

    /** Before the push: each user's empty snapshot, which the restore later rolls every record back to. */
    List<String> emptySnapshots(List<Session> users) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Session user : users) {
            ids.add(snapshot(user).get("id").asText());
        }
        return ids;
    }

    /**
     * Times a snapshot of every user's records, then rolls each user back to the empty snapshot (every record becomes
     * a tombstone) and times the restore of the full snapshot (every record gets its data back).
     */
    void snapshotAndRestore(List<Session> users, List<String> emptySnapshots) throws Exception {
        long records = 0;
        List<String> full = new ArrayList<>();
        long start = System.nanoTime();
        for (Session user : users) {
            JsonNode snapshot = snapshot(user);
            records += snapshot.get("recordCount").asLong();
            full.add(snapshot.get("id").asText());
        }
        bench.record("snapshot_records_per_s", records / ((System.nanoTime() - start) / 1e9));

        for (int i = 0; i < users.size(); i++) {
            JsonNode emptied = restore(users.get(i), emptySnapshots.get(i));
            if (emptied != null && emptied.get("restored").asLong() != 0) {
                bench.fail("a restore to an empty snapshot restored records");
            }
        }
        long restored = 0;
        start = System.nanoTime();
        for (int i = 0; i < users.size(); i++) {
            JsonNode result = restore(users.get(i), full.get(i));
            restored += result == null ? 0 : result.get("restored").asLong();
        }
        bench.record("restore_records_per_s", restored / ((System.nanoTime() - start) / 1e9));
        if (restored != records) {
            bench.fail("the restores brought back " + restored + " records of " + records);
        }
    }

    private JsonNode snapshot(Session user) throws Exception {
        HttpResponse<String> response = bench.http.send(HttpRequest.newBuilder(URI.create(bench.base
                + "/api/v1/backups/snapshot")).header("Authorization", "Bearer " + user.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("snapshot answered " + response.statusCode() + ": " + response.body());
        }
        return Benchmark.JSON.readTree(response.body());
    }

    private JsonNode restore(Session user, String backupId) throws Exception {
        HttpResponse<String> response = bench.http.send(HttpRequest.newBuilder(URI.create(bench.base
                + "/api/v1/sync/restore")).header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"backupId\":\"" + backupId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            bench.fail("restore answered " + response.statusCode() + ": " + response.body());
            return null;
        }
        return Benchmark.JSON.readTree(response.body());
    }
}
