package io.serverlessorch.local.stream;

import io.serverlessorch.local.stream.LocalEventSourceMapping.Settings;
import io.serverlessorch.retry.RetryBudget;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsTest {

    /** As the stacks configure AWS's mapping: both read the one retry budget. */
    @Test
    void theDefaultsAreTheRetryBudgets() {
        RetryBudget.Stream stream = RetryBudget.DEFAULT.stream();
        Settings defaults = Settings.defaults();
        assertEquals(stream.batchSize(), defaults.batchSize());
        assertEquals(stream.retries(), defaults.maxRetryAttempts());
        assertEquals(stream.bisectOnError(), defaults.bisectBatchOnFunctionError());
        assertEquals(Duration.ofMillis(250), defaults.idlePollInterval());
        assertEquals(stream.localBackoff().first(), defaults.retryBackoff());
        assertEquals(stream.localBackoff().max(), Settings.MAX_RETRY_BACKOFF);
        for (int retry = 1; retry <= stream.retries(); retry++) {
            assertEquals(stream.localBackoff().longestBeforeRetry(retry), defaults.retryDelay(retry));
        }
    }

    @Test
    void theBackoffDoublesPerRetryUpToTwoSeconds() {
        Settings settings = Settings.defaults().withRetryBackoff(Duration.ofMillis(300));
        assertEquals(Duration.ofMillis(300), settings.retryDelay(1));
        assertEquals(Duration.ofMillis(600), settings.retryDelay(2));
        assertEquals(Duration.ofMillis(1200), settings.retryDelay(3));
        assertEquals(Duration.ofSeconds(2), settings.retryDelay(4));
        assertEquals(Duration.ofSeconds(2), settings.retryDelay(10_000));
    }

    @Test
    void withMethodsChangeOneSettingEach() {
        Settings changed = Settings.defaults().withBatchSize(4).withMaxRetryAttempts(0).withBisectBatchOnFunctionError(false)
                .withIdlePollInterval(Duration.ofMillis(5)).withRetryBackoff(Duration.ZERO);
        assertEquals(new Settings(4, 0, false, Duration.ofMillis(5), Duration.ZERO), changed);
    }

    @Test
    void rejectsSettingsLambdaWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withBatchSize(1001));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withMaxRetryAttempts(-1));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withIdlePollInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().withRetryBackoff(Duration.ofMillis(-1)));
    }
}
