package io.batchworks.plugin.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.batchworks.plugin.PluginContext;

/**
 * The rule for paths of this engine's own API that a plugin fetches ({@link PluginContext#fetch}) or lets its users
 * name (a Taler report's {@code data_source}): a path, never a URL, so no request made for a user leaves the engine.
 */
public final class EnginePaths {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private EnginePaths() {
    }

    /**
     * True for an identifier that is safe as one segment of a path and as a file name: 1 to 64 letters, digits,
     * {@code _} or {@code -}. Task ids and Taler instance ids follow this rule.
     */
    public static boolean isSegment(String id) {
        return id != null && SEGMENT.matcher(id).matches();
    }

    /**
     * Why a path may not be fetched, or {@code null} when it may: it must start with one {@code /}, and hold no
     * scheme, authority, backslash, control character or {@code .}/{@code ..} segment (encoded or not).
     */
    public static String refusal(String path) {
        if (path == null || !path.startsWith("/")) {
            return "must start with '/'";
        }
        if (path.startsWith("//") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "must be a path of this engine, not a URL";
        }
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String decoded;
        try {
            decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "is not a valid path";
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "must not contain '.' or '..' segments";
            }
        }
        if (decoded.contains("//") || decoded.contains("\\")) {
            return "must be a path of this engine, not a URL";
        }
        try {
            URI uri = URI.create("http://127.0.0.1:1" + path);
            if (!"127.0.0.1".equals(uri.getHost()) || uri.getPort() != 1) {
                return "must be a path of this engine, not a URL";
            }
        } catch (IllegalArgumentException e) {
            return "is not a valid path";
        }
        return null;
    }

}
