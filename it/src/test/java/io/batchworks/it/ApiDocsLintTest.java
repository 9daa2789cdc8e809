package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lint of the API document finds what it is for, so a document that passes it passes for a reason. */
class ApiDocsLintTest {

    private static final String BROKEN = """
            {"openapi": "3.1.0", "info": {"version": "1"},
             "paths": {
               "/v2/accounts/{parent}": {"put": {"summary": "Create", "security": [],
                   "parameters": [{"name": "parent", "in": "path", "required": true, "schema": {"type": "string"}}],
                   "responses": {"201": {"description": "created"}, "400": {"description": "bad"}}}},
               "/v2/accounts/{id}": {"get": {
                   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                   "responses": {"200": {"description": "the account"}}}}}}
            """;

    @Test
    void aBrokenDocumentIsReportedLineByLine() {
        assertThat(ApiDocsLint.findings(BROKEN)).anyMatch(f -> f.startsWith("spec: ") && f.contains("title"))
                .contains("paths /v2/accounts/{parent} and /v2/accounts/{id} differ only by parameter names",
                        "get /v2/accounts/{id}: no security (an empty list when public)",
                        "get /v2/accounts/{id}: no summary",
                        "get /v2/accounts/{id}: no 4xx reply")
                .noneMatch(f -> f.startsWith("put "));
    }
}
