package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code orch.payment.*}: payments the provider confirms later.
 *
 * <ul>
 *   <li>{@code confirmation-timeout} ({@code ORCH_PAYMENT_CONFIRMATION_TIMEOUT}, default 15 minutes): how long an
 *       order waits in PAYMENT_PENDING before it is cancelled.</li>
 *   <li>{@code webhook-secret-arn} ({@code ORCH_PAYMENT_WEBHOOK_SECRET_ARN}): in AWS, the Secrets Manager secret
 *       the provider signs its webhooks with; the stack sets it.</li>
 *   <li>{@code webhook-secret} ({@code ORCH_PAYMENT_WEBHOOK_SECRET}): the secret itself, for the local run and
 *       tests; unset outside Lambda, {@link #DEVELOPMENT_SECRET} is used.</li>
 * </ul>
 */
@ConfigurationProperties("orch.payment")
public record PaymentProperties(
        @Bindable(defaultValue = "15m") Duration confirmationTimeout,
        @Nullable String webhookSecretArn,
        @Nullable String webhookSecret) {

    /** The local run's secret when none is set: known to everyone, so never one to trust outside this machine. */
    public static final String DEVELOPMENT_SECRET = "whsec_local_development_only";
}
