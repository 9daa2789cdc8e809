package io.batchworks.engine.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Errors Tomcat answers by itself, before any filter or servlet runs (a request target with a {@code NUL}, an encoded
 * slash or backslash, bytes that are not UTF-8): in the API's envelope of the path's family, not Tomcat's HTML page.
 * Tomcat renders them with its host's error report valve, so that valve is replaced by one that writes JSON, once
 * every customizer (Spring Boot adds its own valve) has run: just before the host starts.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ErrorReplies replies;
    private final JsonMapper json;

    ContainerErrors(ErrorReplies replies, JsonMapper json) {
        this.replies = replies;
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new JsonErrorValve());
                    if (host instanceof StandardHost standard) {
                        standard.setErrorReportValveClass(JsonErrorValve.class.getName()); // or the host adds its HTML one
                    }
                }
            });
        });
    }

    /** Writes the error of a response no one wrote a body for, as the API's JSON envelope. */
    final class JsonErrorValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean();
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                var writer = response.getReporter();
                if (writer != null) {
                    String path = request.getCoyoteRequest().requestURI().toString(); // the raw target: a refused one has no other
                    writer.write(json.writeValueAsString(replies.body(request, path, status, ErrorPage.reason(status), Map.of())));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the response was taken meanwhile: nothing more to say
            }
        }
    }
}
