package io.keepsync.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The push workload of one client: realistic workout records, two thirds created, one third updates of them, in 500-change
 * batches,
 * every change with a fresh mutation id. Bodies are built before the clock starts so the generator stays cheap.
 */
final class Workload {

    /** One change, kept for the raw baseline, which writes the same rows. */
    record Row(String entityType, String entityId, String data, Instant lastModifiedAt) {
    }

    final String clientId;
    final List<byte[]> bodies = new ArrayList<>();
    final List<List<Row>> batches = new ArrayList<>();

    Workload(String clientId, int changes, int batchSize, long seed) {
        this.clientId = clientId;
        Random random = new Random(seed);
        int entities = changes * 2 / 3;
        Instant base = Instant.parse("2026-11-20T00:00:00Z");
        for (int start = 0; start < changes; start += batchSize) {
            StringBuilder body = new StringBuilder(batchSize * 420).append("{\"clientId\":\"").append(clientId)
                    .append("\",\"changes\":[");
            List<Row> rows = new ArrayList<>(batchSize);
            for (int i = start; i < Math.min(changes, start + batchSize); i++) {
                boolean create = i < entities;
                String entityId = "w-" + (create ? i : i - entities);
                Instant modified = base.plusMillis(i * 10L);
                String data = record(random, entityId, modified);
                rows.add(new Row("workout", entityId, data, modified));
                if (i > start) {
                    body.append(',');
                }
                body.append("{\"id\":\"").append(UUID.randomUUID()).append("\",\"entityType\":\"workout\",\"entityId\":\"")
                        .append(entityId).append("\",\"action\":\"").append(create ? "create" : "update")
                        .append("\",\"data\":").append(data).append(",\"lastModifiedAt\":\"").append(modified)
                        .append("\"}");
            }
            body.append("]}");
            bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
            batches.add(rows);
        }
    }

    private static String record(Random random, String entityId, Instant modified) {
        StringBuilder sets = new StringBuilder("[");
        int count = 3 + random.nextInt(3);
        for (int s = 0; s < count; s++) {
            if (s > 0) {
                sets.append(',');
            }
            sets.append("{\"exercise\":\"squat\",\"reps\":").append(5 + random.nextInt(8)).append(",\"weight\":")
                    .append(40 + random.nextInt(80)).append(".5,\"rpe\":").append(6 + random.nextInt(4)).append('}');
        }
        sets.append(']');
        return "{\"name\":\"Workout " + entityId + "\",\"notes\":\"Felt strong, slept 7h\",\"durationSec\":"
                + (1800 + random.nextInt(3600)) + ",\"tags\":[\"legs\",\"strength\"],\"sets\":" + sets
                + ",\"mesocycle\":\"meso-" + random.nextInt(12) + "\",\"lastModifiedAt\":\"" + modified + "\"}";
    }
}
