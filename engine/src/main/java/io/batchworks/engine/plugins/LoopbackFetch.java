package io.batchworks.engine.plugins;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import io.batchworks.engine.security.TokenStore;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.web.EnginePaths;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Reads one of the engine's own {@code GET} routes as an account: the request goes to this engine's port on the
 * loopback interface, with a token of that account issued for this one request and withdrawn after it, so the
 * engine's own access rules decide what the account may read. Nothing is ever fetched from elsewhere: the path is
 * checked before it is appended to {@code http://127.0.0.1:<port>}, and the URI is checked again once built.
 */
@Component
class LoopbackFetch {

    private final TokenStore tokens;
    private final Environment environment;
    /** Made at the first fetch: a client's first construction loads the whole HTTP stack, a cost a start need not pay. */
    private final SingletonSupplier<HttpClient> http = SingletonSupplier.of(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build());

    private final TransactionTemplate ownTransaction;

    LoopbackFetch(TokenStore tokens, Environment environment, PlatformTransactionManager transactions) {
        this.tokens = tokens;
        this.environment = environment;
        // the token must be committed before the request reads it, whatever transaction the caller is in
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** See {@link PluginContext#fetch}. */
    PluginContext.Fetched fetch(String accountId, String path, String accept, Path target) throws IOException {
        String refused = EnginePaths.refusal(path);
        if (refused != null) {
            throw new IllegalArgumentException("path " + refused + ": " + path);
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("the engine is not serving HTTP yet");
        }
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        String token = ownTransaction.execute(t -> tokens.issueForOneRequest(accountId));
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("X-Auth-Token", token)
                    .header("Accept", accept == null || accept.isBlank() ? "*/*" : accept).GET().build();
            HttpResponse<Path> response = http.obtain().send(request, HttpResponse.BodyHandlers.ofFile(target,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
            return new PluginContext.Fetched(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + path, e);
        } finally {
            ownTransaction.executeWithoutResult(t -> tokens.revoke(token));
        }
    }
}
