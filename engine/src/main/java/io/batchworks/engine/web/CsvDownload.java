package io.batchworks.engine.web;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A CSV file sent as a download: {@code text/csv} in UTF-8, saved under the name given. */
public final class CsvDownload {

    private CsvDownload() {
    }

    /** A 200 reply, its body still to give, that the client saves as {@code fileName}. */
    public static ResponseEntity.BodyBuilder attachment(String fileName) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString());
    }
}
