package io.serverlessorch.orders;

import java.util.Objects;

/**
 * Who placed an order, as far as idempotency keys go: each caller has keys of its own, so two callers that both send
 * {@code Idempotency-Key: 1} get an order each. A caller is an authenticated principal, named as the API learns it
 * (an IAM user or role ARN); every request without one is the one {@link #ANONYMOUS} caller.
 *
 * @param principal the principal's name; empty for {@link #ANONYMOUS}
 */
public record Caller(String principal) {

    /**
     * Requests with no principal (a stage deployed without authorization, the local run). They share one scope, that
     * of every key before keys were scoped: the source address is no caller (clients behind one NAT share it, one
     * client's retries may leave from another), and an anonymous key keeps the orders it placed before.
     */
    public static final Caller ANONYMOUS = new Caller("");

    public Caller {
        Objects.requireNonNull(principal, "principal");
    }

    public static Caller of(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("A principal has a name; a request without one is Caller.ANONYMOUS");
        }
        return new Caller(principal);
    }

    public boolean isAnonymous() {
        return principal.isEmpty();
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : principal;
    }
}
