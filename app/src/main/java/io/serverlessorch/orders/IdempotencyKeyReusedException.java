package io.serverlessorch.orders;

/** An idempotency key that already placed an order for a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {
    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different order request; "
                + "use a new key for a new order");
    }
}
