package io.tributary.auth.http;

/** A request auth cannot read: 400 with the reason. */
public class BadRequest extends RuntimeException {
    public BadRequest(String detail) {
        super(detail);
    }
}
