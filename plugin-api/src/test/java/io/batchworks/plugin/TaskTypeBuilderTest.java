package io.batchworks.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The checks a task type's builder makes, so a plugin's mistake stops its load with a message naming the type. */
class TaskTypeBuilderTest {

    private static final RowHandler<String> HANDLER = (row, task) -> row.get("name");
    private static final ChunkWriter<String> WRITER = (items, task) -> { };
    private static final ExportQuery.Factory QUERY = task -> new ExportQuery(List.of("name"), "SELECT name FROM t", List.of());

    @Test
    void aRowsTypeReadsAnUploadAndKeepsWhatItDeclares() {
        TaskType type = TaskType.builder("greetings", "import").description("Greets").expectedContent("text/csv")
                .mandatory("name").optional("title").permission(Permission.ACCOUNT).rows(HANDLER, WRITER).build();
        assertEquals("greetings", type.category());
        assertEquals("import", type.action());
        assertEquals(List.of("name"), type.mandatory());
        assertEquals(List.of("title"), type.optional());
        assertEquals(Permission.ACCOUNT, type.permission());
    }

    @Test
    void categoryAndActionAreLowerCaseNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TaskType.builder("Greetings", "import"))
                .getMessage().contains("category"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TaskType.builder("greetings", "im-port"))
                .getMessage().contains("action"));
        assertThrows(IllegalArgumentException.class, () -> TaskType.builder(null, "import"));
    }

    @Test
    void aTypeIsRowsOrExportExactlyOnce() {
        String none = assertThrows(IllegalStateException.class, () -> type().build()).getMessage();
        assertTrue(none.startsWith("g/a: ") && none.contains("exactly one of rows(...) or export(...)"), none);
        assertThrows(IllegalStateException.class,
                () -> type().expectedContent("text/csv").rows(HANDLER, WRITER).export(QUERY).build());
    }

    @Test
    void aRowsTypeReadsAnUploadAQueryOrRecordsOneOfThem() {
        assertThrows(IllegalStateException.class, () -> type().rows(HANDLER, WRITER).build());
        String both = assertThrows(IllegalStateException.class,
                () -> type().expectedContent("text/csv").source(QUERY).rows(HANDLER, WRITER).build()).getMessage();
        assertTrue(both.contains("an upload (expectedContent), a query (source) or records (records), one of them"), both);
        assertThrows(IllegalStateException.class, () -> type().expectedContent("text/csv").records(RECORDS, "id").rows(HANDLER, WRITER).build());
        type().source(QUERY).rows(HANDLER, WRITER).build();
        TaskType records = type().records(RECORDS, "id", "name").rows(HANDLER, WRITER).build();
        assertEquals(java.util.List.of("id", "name"), records.recordColumns());
        String split = assertThrows(IllegalStateException.class,
                () -> type().records(RECORDS, "id").rows(HANDLER, WRITER).partitionBy(row -> "k").build()).getMessage();
        assertTrue(split.contains("not split"), split);
    }

    @Test
    void sourceResultsAndPartitionsBelongToRowsTypes() {
        assertThrows(IllegalStateException.class, () -> type().export(QUERY).results("id").build());
        assertThrows(IllegalStateException.class, () -> type().export(QUERY).source(QUERY).build());
        assertThrows(IllegalStateException.class, () -> type().export(QUERY).partitionBy(row -> "k").build());
        assertThrows(IllegalStateException.class, () -> type().export(QUERY).records(RECORDS, "id").build());
    }

    @Test
    void aTypeHasADescription() {
        assertEquals("description", assertThrows(NullPointerException.class,
                () -> TaskType.builder("g", "a").export(QUERY).build()).getMessage());
    }

    @Test
    void requiredPartsMayNotBeNull() {
        assertThrows(NullPointerException.class, () -> type().permission(null));
        assertThrows(NullPointerException.class, () -> type().export(null));
    }

    /** Records never opened here: the builder's checks only. */
    private static final RecordSource RECORDS = (task, checkpoint) -> null;

    private static TaskType.Builder type() {
        return TaskType.builder("g", "a").description("a type of the tests");
    }
}
