package io.serverlessorch.storage;

/** A write that lost a race with another or was throttled; trying again later is the cure. */
public class StorageContentionException extends RuntimeException {
    public StorageContentionException(String message, Throwable cause) {
        super(message, cause);
    }
}
