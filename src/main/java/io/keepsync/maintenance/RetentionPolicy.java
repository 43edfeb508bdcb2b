package io.keepsync.maintenance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.keepsync.backup.RetentionCandidate;

/**
 * Which backups to keep, with restic's semantics: pinned ones, plus the union of the N newest, and the newest of
 * each of the most recent D days, W ISO weeks and M months that have a backup (calendar periods in UTC). A backup
 * that failed verification is never pruned here: it stays until someone looks at it; nor is each device's newest
 * backup without the {@code shrunk} warning. Pure: no clock, no database.
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {

    /** The ids to keep; every other candidate may be deleted. */
    public Set<UUID> keep(List<RetentionCandidate> candidates) {
        Set<UUID> keep = new HashSet<>();
        List<RetentionCandidate> newestFirst = candidates.stream()
                .sorted(Comparator.comparing(RetentionCandidate::createdAt).thenComparing(RetentionCandidate::id)
                        .reversed())
                .toList();
        for (RetentionCandidate candidate : newestFirst) {
            if (candidate.pinned() || !candidate.intact()) {
                keep.add(candidate.id());
            }
        }
        List<RetentionCandidate> intact = newestFirst.stream().filter(RetentionCandidate::intact).toList();
        intact.stream().limit(Math.max(0, keepLast)).forEach(c -> keep.add(c.id()));
        keep.addAll(newestPerPeriod(intact, keepDaily, RetentionPolicy::day));
        keep.addAll(newestPerPeriod(intact, keepWeekly, RetentionPolicy::isoWeek));
        keep.addAll(newestPerPeriod(intact, keepMonthly, RetentionPolicy::month));
        // A device's newest backup without the shrunk warning outlives the rules: the flagged ones after it may be the
        // empty copies a client made by mistake, and this one may be the last that holds the data.
        // (Backups uploaded without a client id count as one device: a HashSet holds null too.)
        Set<String> devices = new HashSet<>();
        intact.stream().filter(c -> !c.shrunk()).filter(c -> devices.add(c.clientId())).forEach(c -> keep.add(c.id()));
        return keep;
    }

    private static Set<UUID> newestPerPeriod(List<RetentionCandidate> newestFirst, int periods,
            Function<Instant, String> period) {
        Set<UUID> kept = new HashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RetentionCandidate candidate : newestFirst) {
            if (seen.size() >= periods) {
                break;
            }
            if (seen.add(period.apply(candidate.createdAt()))) {
                kept.add(candidate.id());
            }
        }
        return kept;
    }

    private static String day(Instant instant) {
        return date(instant).toString();
    }

    private static String isoWeek(Instant instant) {
        LocalDate date = date(instant);
        return date.get(IsoFields.WEEK_BASED_YEAR) + "-W" + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static String month(Instant instant) {
        LocalDate date = date(instant);
        return date.getYear() + "-" + date.getMonthValue();
    }

    private static LocalDate date(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
