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
 * slash or backslash, bytes that are not UTF-8, a character no query may hold): in the API's envelope of the path's
 * family, not Tomcat's HTML page.
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

    /**
     * The path of a request line Tomcat refused before it parsed it (a character no query may hold, say), as its
     * refusal names it ({@code Invalid character found in the request target [/api/v1/x?q=| ]}), so that its envelope
     * is its path's family's; {@code ""} when the refusal names none.
     */
    static String refusedTarget(Throwable refusal) {
        String marker = "request target [";
        String message = refusal == null || refusal.getMessage() == null ? "" : refusal.getMessage();
        int start = message.indexOf(marker);
        if (start < 0) {
            return "";
        }
        String target = message.substring(start + marker.length());
        int end = target.length();
        for (char stop : new char[] {'?', ' ', ']'}) {
            int at = target.indexOf(stop);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        return target.substring(0, end);
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
                    String path = request.getCoyoteRequest().requestURI().toString(); // the raw target, once parsed
                    if (path == null || path.isEmpty()) {
                        path = refusedTarget(throwable);
                    }
                    writer.write(json.writeValueAsString(replies.body(request, path, status, ErrorPage.reason(status), Map.of())));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the response was taken meanwhile: nothing more to say
            }
        }
    }
}
