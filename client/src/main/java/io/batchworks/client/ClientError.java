package io.batchworks.client;

/** A failure {@code bw} reports in one line on standard error, exiting 1: the API's message, or what went wrong. */
final class ClientError extends RuntimeException {

    ClientError(String message) {
        super(message, null, false, false);
    }
}
