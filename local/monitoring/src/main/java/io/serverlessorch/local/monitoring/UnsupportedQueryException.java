package io.serverlessorch.local.monitoring;

/** A dashboard or alarm asks for something the local CloudWatch does not do: said out loud, never a blank chart. */
public final class UnsupportedQueryException extends RuntimeException {

    public UnsupportedQueryException(String message) {
        super(message);
    }
}
