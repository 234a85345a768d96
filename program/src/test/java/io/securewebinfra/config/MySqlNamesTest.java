package io.securewebinfra.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reserved words are MySQL 8.0's reserved ones, not every keyword: BEGIN or USER are fine names. */
class MySqlNamesTest {
    @Test
    void theListIsTheManualsReservedWords() {
        // 262 words marked (R) in the MySQL 8.0 manual, and _FILENAME.
        assertEquals(263, MySqlNames.RESERVED_WORDS.size());
        for (String reserved : List.of("SELECT", "ORDER", "_FILENAME", "CUME_DIST", "LATERAL", "INTERSECT", "SYSTEM",
                "JSON_TABLE", "ZEROFILL", "ACCESSIBLE")) {
            assertTrue(MySqlNames.RESERVED_WORDS.contains(reserved), reserved);
        }
        // Keywords that are not reserved, and words reserved only before 8.0.
        for (String keyword : List.of("BEGIN", "END", "USER", "ADMIN", "PASSWORD", "ROLE", "ARRAY", "MEMBER", "ANALYSE",
                "SQL_CACHE", "PERSIST", "TIMESTAMP", "DATE")) {
            assertFalse(MySqlNames.RESERVED_WORDS.contains(keyword), keyword);
        }
        assertTrue(MySqlNames.RESERVED_WORDS.stream().allMatch(w -> w.matches("[A-Z_][A-Z0-9_]*")));
    }
}
