package io.batchworks.engine.web;

import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The container's error page ({@code /error}), in place of Spring Boot's: errors raised before Spring MVC picks a
 * handler (the security firewall refusing an encoded or unnormalised path, a filter's {@code sendError}) get the
 * same envelope as every other error, of the family of the path they were sent to. A filter that could not reach the
 * database (the token check) makes a 503 to try again, as a handler's does.
 */
@RestController
class ErrorPage implements ErrorController {

    private final ErrorReplies replies;

    ErrorPage(ErrorReplies replies) {
        this.replies = replies;
    }

    @Hidden
    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
            return replies.reply(request, 404, "not found", Map.of("path", request.getRequestURI())); // asked for, not an error
        }
        Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (ErrorReplies.databaseUnreachable(thrown)) {
            return replies.unavailable(request, thrown);
        }
        return replies.reply(request, status, reason(status), Map.of());
    }

    /** The status's reason phrase, in lower case as Kazoo writes its messages ("bad request"). */
    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error" : known.getReasonPhrase().toLowerCase(Locale.ROOT);
    }
}
