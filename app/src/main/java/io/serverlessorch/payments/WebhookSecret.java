package io.serverlessorch.payments;

/**
 * The secret the payment provider signs its webhooks with. In AWS it is read from Secrets Manager (and read again
 * now and then, so a rotation takes effect without a deploy); locally it is a setting.
 */
public interface WebhookSecret {

    String value();

    /**
     * Reads the secret again, where it is kept elsewhere and was not read a moment ago: after a signature that did
     * not match, in case the secret was rotated. True when the value changed.
     */
    default boolean refreshed() {
        return false;
    }

    static WebhookSecret of(String value) {
        return () -> value;
    }
}
