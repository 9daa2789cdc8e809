package io.batchworks.engine.security;

import java.util.List;
import java.util.Locale;

import io.batchworks.engine.web.ErrorDocs;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The security of the API document: the two ways a token is sent ({@code X-Auth-Token}, or
 * {@code Authorization: Bearer}), on every operation that needs one with its 401 and 403 replies, and an empty
 * requirement on the public ones ({@link PublicRoutes}). Runs after every route, the plugins' too, is in the document.
 */
@Component
@Order(ErrorDocs.ORDER + 1)
class SecurityDocs implements OpenApiCustomizer {

    private static final String HEADER = "token";
    private static final String BEARER = "bearer";

    private final ErrorDocs errors;

    SecurityDocs(ErrorDocs errors) {
        this.errors = errors;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                        .name("X-Auth-Token").description("a token from PUT /v2/api_auth, or the engine's data/admin-token"))
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("the same token as a bearer token (Taler's clients send `secret-token:` before it)"));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (PublicRoutes.isPublic(method.name().toUpperCase(Locale.ROOT), path)) {
                operation.setSecurity(List.of());
                return;
            }
            operation.setSecurity(List.of(new SecurityRequirement().addList(HEADER), new SecurityRequirement().addList(BEARER)));
            errors.reply(operation, path, 401, "No token, or one that is not accepted");
            errors.reply(operation, path, 403, "The token may not do this, or not to this account");
        }));
    }
}
