package io.keepsync.sync.pull;

import java.util.List;

import io.keepsync.common.paging.PageRequest;

/**
 * What a client asked a pull for, as the resource read it: the page (its cursor is {@code since}, a cursor or a
 * timestamp, as sent), the entity types (null for all), and the device ids as sent.
 */
public record PullRequest(PageRequest page, List<String> entityTypes, String excludeClientId, String clientId) {
}
