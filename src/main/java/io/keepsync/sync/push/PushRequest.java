package io.keepsync.sync.push;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch of local changes from one device; applied as one transaction. */
@Schema(example = """
        {"clientId": "pixel-7-a1b2", "changes": [{"id": "6b1f8d2e-0c4a-4a57-9d1e-2f5c3b7a9e10",
         "entityType": "workout", "entityId": "w-42", "action": "create", "data": {"name": "Legs", "sets": 5},
         "lastModifiedAt": "2026-11-20T10:00:00.123Z"}]}""")
public record PushRequest(String clientId, List<PushChange> changes) {
}
