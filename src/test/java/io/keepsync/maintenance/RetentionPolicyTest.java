package io.keepsync.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.backup.RetentionCandidate;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RetentionPolicyTest {

    private final List<RetentionCandidate> backups = new ArrayList<>();

    private RetentionCandidate at(String instant) {
        return add(instant, false, true);
    }

    private RetentionCandidate add(String instant, boolean pinned, boolean intact) {
        return add(instant, pinned, intact, null, false);
    }

    private RetentionCandidate add(String instant, boolean pinned, boolean intact, String clientId, boolean shrunk) {
        RetentionCandidate candidate = new RetentionCandidate(UUID.nameUUIDFromBytes(instant.getBytes()),
                Instant.parse(instant), pinned, intact, clientId, shrunk);
        backups.add(candidate);
        return candidate;
    }

    /** The kept backups as their timestamps, sorted, for readable assertions. */
    private Set<String> kept(RetentionPolicy policy) {
        Set<UUID> ids = policy.keep(backups);
        Set<String> times = new TreeSet<>();
        for (RetentionCandidate candidate : backups) {
            if (ids.contains(candidate.id())) {
                times.add(candidate.createdAt().toString());
            }
        }
        return times;
    }

    @Test
    void nothing_to_keep_when_there_is_nothing() {
        assertEquals(Set.of(), new RetentionPolicy(10, 7, 4, 12).keep(List.of()));
    }

    @Test
    void keep_last_keeps_the_n_newest() {
        at("2026-11-01T10:00:00Z");
        at("2026-11-02T10:00:00Z");
        at("2026-11-03T10:00:00Z");
        assertEquals(Set.of("2026-11-02T10:00:00Z", "2026-11-03T10:00:00Z"), kept(new RetentionPolicy(2, 0, 0, 0)));
    }

    @Test
    void keep_daily_keeps_the_newest_of_each_recent_day_that_has_one() {
        at("2026-11-20T08:00:00Z");
        at("2026-11-20T20:00:00Z");
        at("2026-11-18T09:00:00Z");
        at("2026-11-18T23:59:59Z");
        at("2026-11-15T12:00:00Z");
        at("2026-11-14T12:00:00Z");
        // Days with backups, newest first: 20th, 18th, 15th, 14th; gaps do not count as days.
        assertEquals(Set.of("2026-11-20T20:00:00Z", "2026-11-18T23:59:59Z", "2026-11-15T12:00:00Z"),
                kept(new RetentionPolicy(0, 3, 0, 0)));
    }

    @Test
    void days_are_utc_calendar_days() {
        at("2026-11-20T00:00:00Z");
        at("2026-11-19T23:59:59.999Z");
        assertEquals(Set.of("2026-11-19T23:59:59.999Z", "2026-11-20T00:00:00Z"), kept(new RetentionPolicy(0, 2, 0, 0)));
    }

    @Test
    void keep_weekly_uses_iso_weeks_across_the_new_year() {
        // 2026-12-28 (Mon) .. 2027-01-03 (Sun) is ISO week 2026-W53.
        at("2026-12-28T10:00:00Z");
        at("2027-01-01T10:00:00Z");
        at("2027-01-03T22:00:00Z");
        at("2027-01-04T01:00:00Z"); // 2027-W01
        at("2026-12-27T10:00:00Z"); // Sunday of 2026-W52
        assertEquals(Set.of("2027-01-04T01:00:00Z", "2027-01-03T22:00:00Z"), kept(new RetentionPolicy(0, 0, 2, 0)));
        assertEquals(Set.of("2027-01-04T01:00:00Z", "2027-01-03T22:00:00Z", "2026-12-27T10:00:00Z"),
                kept(new RetentionPolicy(0, 0, 3, 0)));
    }

    @Test
    void keep_monthly_keeps_the_newest_of_each_recent_month() {
        at("2026-01-31T23:00:00Z");
        at("2026-02-01T00:00:00Z");
        at("2026-02-28T12:00:00Z");
        at("2025-12-15T12:00:00Z");
        at("2024-02-29T12:00:00Z");
        assertEquals(Set.of("2026-02-28T12:00:00Z", "2026-01-31T23:00:00Z", "2025-12-15T12:00:00Z"),
                kept(new RetentionPolicy(0, 0, 0, 3)));
        assertEquals(4, kept(new RetentionPolicy(0, 0, 0, 4)).size());
    }

    @Test
    void the_rules_are_a_union() {
        at("2026-11-20T10:00:00Z");
        at("2026-11-20T11:00:00Z");
        at("2026-11-19T10:00:00Z");
        at("2026-10-05T10:00:00Z");
        at("2026-09-05T10:00:00Z");
        // last 1 -> 20th 11:00; daily 2 -> 20th 11:00, 19th; monthly 3 -> Nov (20th 11:00), Oct 5th, Sep 5th.
        assertEquals(Set.of("2026-11-20T11:00:00Z", "2026-11-19T10:00:00Z", "2026-10-05T10:00:00Z",
                "2026-09-05T10:00:00Z"), kept(new RetentionPolicy(1, 2, 0, 3)));
    }

    @Test
    void zero_turns_every_rule_off_but_pinned_backups_and_the_newest_without_a_warning_stay() {
        at("2026-11-19T10:00:00Z");
        at("2026-11-20T10:00:00Z");
        add("2020-01-01T00:00:00Z", true, true);
        assertEquals(Set.of("2020-01-01T00:00:00Z", "2026-11-20T10:00:00Z"), kept(new RetentionPolicy(0, 0, 0, 0)));
    }

    @Test
    void each_devices_newest_backup_without_the_shrunk_warning_outlives_the_rules() {
        add("2026-11-01T10:00:00Z", false, true, "phone", false);
        add("2026-11-02T10:00:00Z", false, true, "phone", false);
        add("2026-11-03T10:00:00Z", false, true, "phone", true);
        add("2026-11-04T10:00:00Z", false, true, "phone", true);
        add("2026-10-30T10:00:00Z", false, true, "null", false);
        add("2026-10-31T10:00:00Z", false, true, null, false);
        add("2026-11-05T10:00:00Z", false, true, "tablet", false);
        add("2026-11-06T10:00:00Z", false, true, "tablet", false);
        // keep-last 2 alone would keep the tablet's two; the phone's last good one stays beside them, and so do those of
        // uploads without a device and of a device named "null", which are not the same.
        assertEquals(Set.of("2026-10-30T10:00:00Z", "2026-10-31T10:00:00Z", "2026-11-02T10:00:00Z",
                "2026-11-05T10:00:00Z", "2026-11-06T10:00:00Z"), kept(new RetentionPolicy(2, 0, 0, 0)));
    }

    @Test
    void pinned_backups_survive_however_old() {
        for (int day = 1; day <= 28; day++) {
            at(String.format("2026-10-%02dT12:00:00Z", day));
        }
        add("2019-06-01T00:00:00Z", true, true);
        Set<String> kept = kept(new RetentionPolicy(2, 0, 0, 0));
        assertEquals(Set.of("2019-06-01T00:00:00Z", "2026-10-27T12:00:00Z", "2026-10-28T12:00:00Z"), kept);
    }

    @Test
    void damaged_or_missing_backups_are_never_pruned_and_do_not_take_a_slot() {
        add("2026-11-20T12:00:00Z", false, false);
        at("2026-11-20T10:00:00Z");
        at("2026-11-19T10:00:00Z");
        assertEquals(Set.of("2026-11-20T12:00:00Z", "2026-11-20T10:00:00Z"), kept(new RetentionPolicy(1, 0, 0, 0)));
    }

    @Test
    void the_defaults_keep_a_year_of_monthly_history() {
        Instant start = Instant.parse("2025-01-01T06:00:00Z");
        for (int day = 0; day < 700; day++) {
            at(start.plusSeconds(86_400L * day).toString());
        }
        Set<String> kept = kept(new RetentionPolicy(10, 7, 4, 12));
        // 10 last days; 7 daily inside them; 4 weekly (3 beyond the last 10 days at most); 12 monthly.
        assertTrue(kept.contains(start.plusSeconds(86_400L * 699).toString()));
        assertFalse(kept.contains(start.toString()));
        assertTrue(kept.size() >= 10 + 11 && kept.size() <= 10 + 3 + 11, kept.toString());
    }
}
