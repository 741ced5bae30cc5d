package io.serverlessorch.domain;

/** A page token that this listing did not hand out: tampered with, truncated, or from another listing. */
public class InvalidPageTokenException extends RuntimeException {
    public InvalidPageTokenException(String message) {
        super(message);
    }
}
