package io.batchworks.engine.idempotency;

import java.util.Locale;

import io.batchworks.engine.web.ErrorDocs;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;

/**
 * The {@code Idempotency-Key} header in the API document: on every {@code PUT} and {@code POST} that needs a token (the
 * ones {@link IdempotencyFilter} answers once per key), with its 409 and 422 replies. Runs after every route, the
 * plugins' too, is in the document.
 */
@Component
@Order(ErrorDocs.ORDER + 2)
class IdempotencyDocs implements OpenApiCustomizer {

    private final ErrorDocs errors;

    IdempotencyDocs(ErrorDocs errors) {
        this.errors = errors;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String verb = method.name().toUpperCase(Locale.ROOT);
            boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
            if (!secured || !(verb.equals("PUT") || verb.equals("POST"))) {
                return;
            }
            operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                    .schema(new StringSchema().minLength(1).maxLength(255))
                    .description("Sent again with the same request within the window, answers the first reply again"
                            + " (with Idempotent-Replayed: true) and creates nothing"));
            errors.reply(operation, path, 409, "A request with this Idempotency-Key is still being answered");
            errors.reply(operation, path, 422, "This Idempotency-Key was sent before with another request");
        }));
    }
}
