package io.tributary.reader.read;

/** A request that cannot be served as asked; the message names the problem (mapped to INVALID_ARGUMENT). */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
