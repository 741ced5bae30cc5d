package io.serverlessorch.config;

import io.serverlessorch.payments.WebhookSecret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The webhook secret from Secrets Manager, read on first use and again once {@link #REREAD_AFTER} has passed, so a
 * rotated secret is taken within minutes without a deploy; {@link #refreshed()} reads it sooner after a refused
 * signature (at most once a minute).
 */
final class SecretsManagerWebhookSecret implements WebhookSecret {

    static final Duration REREAD_AFTER = Duration.ofMinutes(5);
    static final Duration SOONEST_REREAD = Duration.ofMinutes(1);

    private final SecretsManagerClient secrets;
    private final String secretArn;
    private final Clock clock;
    private String value;
    private Instant readAt = Instant.MIN;

    SecretsManagerWebhookSecret(SecretsManagerClient secrets, String secretArn, Clock clock) {
        this.secrets = secrets;
        this.secretArn = secretArn;
        this.clock = clock;
    }

    @Override
    public synchronized String value() {
        if (value == null || Duration.between(readAt, clock.instant()).compareTo(REREAD_AFTER) > 0) {
            read();
        }
        return value;
    }

    @Override
    public synchronized boolean refreshed() {
        if (Duration.between(readAt, clock.instant()).compareTo(SOONEST_REREAD) < 0) {
            return false;
        }
        String before = value;
        read();
        return !value.equals(before);
    }

    private void read() {
        value = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
        readAt = clock.instant();
    }
}
