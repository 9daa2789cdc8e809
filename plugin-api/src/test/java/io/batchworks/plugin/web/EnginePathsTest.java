package io.batchworks.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which paths a plugin may have the engine fetch for it (a report's data source), and ids safe as path segments. */
class EnginePathsTest {

    @Test
    void aPathOfThisEngineWithItsQueryIsAllowed() {
        assertNull(EnginePaths.refusal("/v2/tasks/abc?csv_name=out.csv"));
        assertNull(EnginePaths.refusal("/v2/summary?groupby=scope_id&filters=scope_id:a+b"));
        assertNull(EnginePaths.refusal("/v2/rates/number/%2B4930"));
    }

    @Test
    void urlsAndOtherHostsAreRefused() {
        assertEquals("must start with '/'", EnginePaths.refusal("http://evil.example/x"));
        assertEquals("must start with '/'", EnginePaths.refusal(null));
        assertEquals("must be a path of this engine, not a URL", EnginePaths.refusal("//evil.example/x"));
        assertEquals("must be a path of this engine, not a URL", EnginePaths.refusal("/v2\\tasks"));
        assertEquals("must be a path of this engine, not a URL", EnginePaths.refusal("/v2/tasks\n"));
        assertEquals("must be a path of this engine, not a URL", EnginePaths.refusal("/v2/ tasks"));
    }

    @Test
    void dotSegmentsAreRefusedEncodedOrNot() {
        assertEquals("must not contain '.' or '..' segments", EnginePaths.refusal("/v2/../actuator"));
        assertEquals("must not contain '.' or '..' segments", EnginePaths.refusal("/v2/%2e%2e/actuator"));
        assertEquals("must not contain '.' or '..' segments", EnginePaths.refusal("/v2/./tasks"));
        assertEquals("is not a valid path", EnginePaths.refusal("/v2/%zz"));
        assertTrue(EnginePaths.refusal("/v2/%2f%2fevil.example") != null, "an encoded // is refused too");
    }

    @Test
    void segmentsAreShortSafeNames() {
        assertTrue(EnginePaths.isSegment("abc_DEF-123"));
        assertFalse(EnginePaths.isSegment(""));
        assertFalse(EnginePaths.isSegment(null));
        assertFalse(EnginePaths.isSegment("a/b"));
        assertFalse(EnginePaths.isSegment(".."));
        assertFalse(EnginePaths.isSegment("x".repeat(65)));
    }
}
