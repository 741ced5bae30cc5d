package io.serverlessorch.pipeline;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a step answered.
 *
 * <ul>
 *   <li>{@code SUCCEEDED}: done (or had already been done: steps are idempotent), and the order moved as the
 *       request's {@link SuccessMove} said, in the same write (see {@link OrderPipeline});</li>
 *   <li>{@code PENDING}: the step started work the world outside finishes (a payment waiting for the customer's
 *       3-D Secure challenge), and the order moved as the request's {@code onPending} said, in the same write;</li>
 *   <li>{@code DECLINED}: a business "no" (unknown product, no stock, card declined), never retried;</li>
 *   <li>{@code FAILED}: a technical failure, worth retrying;</li>
 *   <li>{@code STALE}: the order is no longer where this request found it (a repeated or late delivery);
 *       nothing was done.</li>
 * </ul>
 */
@Serdeable
public record StepResult(Outcome outcome, String code, String reason) {

    /** {@code code} is a short, stable name of the reason ({@code out_of_stock}), fit for a metric dimension. */
    public enum Outcome { SUCCEEDED, PENDING, DECLINED, FAILED, STALE }

    /** {@code reason} is also the reason of the move the step made, if any. */
    public static StepResult succeeded(String code, String reason) {
        return new StepResult(Outcome.SUCCEEDED, code, reason);
    }

    /** {@code reason} is also the reason of the move the step made to wait. */
    public static StepResult pending(String code, String reason) {
        return new StepResult(Outcome.PENDING, code, reason);
    }

    public static StepResult declined(String code, String reason) {
        return new StepResult(Outcome.DECLINED, code, reason);
    }

    public static StepResult failed(String reason) {
        return new StepResult(Outcome.FAILED, "error", reason);
    }

    public static StepResult stale() {
        return new StepResult(Outcome.STALE, "stale", "the order has moved on");
    }
}
