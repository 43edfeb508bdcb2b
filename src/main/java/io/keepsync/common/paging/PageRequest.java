package io.keepsync.common.paging;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.text.Text;

/**
 * One page of a list as a client asked for it: how many items and after which cursor (null for the first page). The
 * resource parses the query parameters into it; services take it and never a raw limit.
 */
public record PageRequest(int limit, String cursor) {

    /**
     * The page the query parameters ask for: {@code limit} absent means {@code defaultLimit}; otherwise a whole number
     * from 1 to {@code maxLimit}, else 400 naming the parameter. A blank cursor is none.
     */
    public static PageRequest parse(String limit, String cursor, int defaultLimit, int maxLimit) {
        return new PageRequest(limit(limit, defaultLimit, maxLimit), Text.blankToNull(cursor));
    }

    private static int limit(String param, int defaultLimit, int maxLimit) {
        if (Text.isBlank(param)) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(param.trim());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below like an out-of-range number
        }
        throw ProblemException.invalid("limit", "must be a whole number between 1 and " + maxLimit);
    }
}
