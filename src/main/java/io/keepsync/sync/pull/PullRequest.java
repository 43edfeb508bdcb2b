package io.keepsync.sync.pull;

import java.util.List;

/** What a client asked a pull for, as the resource read it: {@code since} and ids as sent, the limit parsed. */
public record PullRequest(String since, Integer limit, List<String> entityTypes, String excludeClientId,
        String clientId) {
}
