package io.batchworks.engine.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator console's address: {@code /} and {@code /console} lead to {@code /console/}, which is the console's
 * static page ({@code static/console/index.html}); the page itself calls the public API with the user's token.
 */
@Controller
class ConsolePages {

    @GetMapping({"/", "/console"})
    String toConsole() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String console() {
        return "forward:/console/index.html";
    }
}
