package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.common.error.ProblemType;

/** docs/errors.md is the clients' list of problem types: it must name every one the service sends, and no other. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProblemTypesDocumentedTest {

    /** A table row of docs/errors.md: {@code | `slug` | status | meaning |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (\\d{3}|4xx) \\|", Pattern.MULTILINE);

    @Test
    void docs_errors_lists_every_problem_type_with_its_status() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs", "errors.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> sent = new TreeMap<>();
        for (ProblemType type : ProblemType.values()) {
            sent.put(type.slug(), type.status() == 0 ? "4xx" : Integer.toString(type.status()));
        }
        assertEquals(sent, documented);
    }
}
