package io.serverlessorch.config;

import io.micronaut.context.annotation.Factory;
import io.serverlessorch.payments.PaymentDeadlines;
import io.serverlessorch.payments.PaymentMetrics;
import io.serverlessorch.payments.PaymentWebhooks;
import io.serverlessorch.payments.WebhookSecret;
import io.serverlessorch.steps.PaymentTerms;
import io.serverlessorch.storage.LedgerRepository;
import io.serverlessorch.storage.OrderRepository;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;

/** Builds what payments the provider confirms later need, from {@link PaymentProperties}. */
@Factory
public class PaymentFactory {

    @Singleton
    PaymentTerms paymentTerms(PaymentProperties payment) {
        return new PaymentTerms(payment.confirmationTimeout());
    }

    /**
     * Secrets Manager in AWS; the setting, or the development value, elsewhere. A function in Lambda with neither
     * refuses to start taking webhooks rather than trust a secret everyone knows.
     */
    @Singleton
    WebhookSecret webhookSecret(PaymentProperties payment, Clock clock) {
        if (payment.webhookSecretArn() != null && !payment.webhookSecretArn().isBlank()) {
            return new SecretsManagerWebhookSecret(SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                    payment.webhookSecretArn(), clock);
        }
        if (payment.webhookSecret() != null && !payment.webhookSecret().isBlank()) {
            return WebhookSecret.of(payment.webhookSecret());
        }
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            throw new IllegalStateException("No payment webhook secret: set orch.payment.webhook-secret-arn (the stack does)");
        }
        return WebhookSecret.of(PaymentProperties.DEVELOPMENT_SECRET);
    }

    @Singleton
    PaymentWebhooks paymentWebhooks(OrderRepository orders, LedgerRepository ledger, PaymentMetrics metrics, Clock clock) {
        return new PaymentWebhooks(orders, ledger, metrics, clock);
    }

    @Singleton
    PaymentDeadlines paymentDeadlines(OrderRepository orders, PaymentMetrics metrics, Clock clock) {
        return new PaymentDeadlines(orders, metrics, clock);
    }
}
