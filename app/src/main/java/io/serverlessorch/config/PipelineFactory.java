package io.serverlessorch.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.serverlessorch.metrics.EmfPipelineMetrics;
import io.serverlessorch.pipeline.InProcessStepInvoker;
import io.serverlessorch.pipeline.LambdaStepInvoker;
import io.serverlessorch.pipeline.OrderOrchestrator;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import io.serverlessorch.pipeline.PipelineMetrics;
import io.serverlessorch.pipeline.RetryPolicy;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepDispatcher;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.steps.FulfillmentStep;
import io.serverlessorch.steps.InventoryStep;
import io.serverlessorch.steps.MockPaymentProvider;
import io.serverlessorch.steps.NotificationStep;
import io.serverlessorch.steps.OrderValidator;
import io.serverlessorch.steps.PaymentStep;
import io.serverlessorch.steps.ValidationPolicy;
import io.serverlessorch.storage.CatalogRepository;
import io.serverlessorch.storage.DynamoInventoryRepository;
import io.serverlessorch.storage.DynamoLedgerRepository;
import io.serverlessorch.storage.InventoryRepository;
import io.serverlessorch.storage.LedgerRepository;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.TableNames;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Builds the pipeline: the steps, how the stream processor reaches them, and its retry policy.
 *
 * <pre>
 * orch.steps.invoker                  lambda (default: each step is its own function) | in-process (local run, tests)
 * orch.steps.functions.validator      the validator's function name or ARN (likewise inventory, payment, ...)
 * orch.pipeline.step-attempts         3      tries of a step that fails for technical reasons
 * orch.pipeline.first-backoff         200ms  wait before the second try, doubling after
 * orch.pipeline.max-backoff           2s
 * orch.pipeline.parallelism           8      orders of one stream batch handled side by side
 * orch.validation.max-order-total     10000.00
 * orch.validation.countries           US,CA,GB,IE,FR,DE,NL,ES,IT,AU
 * </pre>
 */
@Factory
public class PipelineFactory {

    @Singleton
    InventoryRepository inventoryRepository(DynamoDbClient dynamoDb, TableNames tables) {
        return new DynamoInventoryRepository(dynamoDb, tables.orders(), tables.catalog());
    }

    @Singleton
    LedgerRepository ledgerRepository(DynamoDbClient dynamoDb, TableNames tables) {
        return new DynamoLedgerRepository(dynamoDb, tables.orders());
    }

    @Singleton
    ValidationPolicy validationPolicy(@Value("${orch.validation.max-order-total:10000.00}") BigDecimal maxOrderTotal,
                                      @Value("${orch.validation.countries:US,CA,GB,IE,FR,DE,NL,ES,IT,AU}") Set<String> countries) {
        return new ValidationPolicy(maxOrderTotal, countries);
    }

    @Singleton
    StepDispatcher stepDispatcher(CatalogRepository catalog, ValidationPolicy policy, InventoryRepository inventory,
                                  LedgerRepository ledger, Clock clock, JsonMapper json) {
        return new StepDispatcher(List.of(
                new OrderValidator(catalog, policy),
                new InventoryStep(inventory, clock),
                new PaymentStep(new MockPaymentProvider(), ledger, clock),
                new FulfillmentStep(inventory, clock),
                new NotificationStep(ledger, clock)), json);
    }

    @Singleton
    @Requires(property = "orch.steps.invoker", value = "in-process")
    StepInvoker inProcessStepInvoker(StepDispatcher dispatcher) {
        return new InProcessStepInvoker(dispatcher);
    }

    @Singleton
    @Requires(property = "orch.steps.invoker", value = "lambda", defaultValue = "lambda")
    StepInvoker lambdaStepInvoker(StepDispatcher dispatcher,
                                  @Value("${orch.steps.functions.validator:}") String validator,
                                  @Value("${orch.steps.functions.inventory:}") String inventory,
                                  @Value("${orch.steps.functions.payment:}") String payment,
                                  @Value("${orch.steps.functions.fulfillment:}") String fulfillment,
                                  @Value("${orch.steps.functions.notification:}") String notification) {
        Map<Step, String> functions = new EnumMap<>(Step.class);
        functions.put(Step.VALIDATOR, validator);
        functions.put(Step.INVENTORY, inventory);
        functions.put(Step.PAYMENT, payment);
        functions.put(Step.FULFILLMENT, fulfillment);
        functions.put(Step.NOTIFICATION, notification);
        functions.values().removeIf(String::isBlank);
        LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        return new LambdaStepInvoker(lambda, dispatcher, functions);
    }

    @Singleton
    RetryPolicy retryPolicy(@Value("${orch.pipeline.step-attempts:3}") int attempts,
                            @Value("${orch.pipeline.first-backoff:200ms}") Duration firstBackoff,
                            @Value("${orch.pipeline.max-backoff:2s}") Duration maxBackoff) {
        return new RetryPolicy(attempts, firstBackoff, maxBackoff);
    }

    @Singleton
    PipelineMetrics pipelineMetrics() {
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null) {
            // Outside Lambda the library would look for a CloudWatch agent; here the log is the destination.
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
        return new EmfPipelineMetrics();
    }

    @Singleton
    OrderOrchestrator orderOrchestrator(StepInvoker steps, OrderRepository orders, RetryPolicy retry,
                                        PipelineMetrics metrics, Clock clock) {
        return new OrderOrchestrator(steps, orders, retry, metrics, clock);
    }

    /** Orders of one batch are handled side by side on this many threads (they mostly wait on I/O). */
    @Singleton
    OrderStreamProcessor orderStreamProcessor(OrderOrchestrator orchestrator,
                                              @Value("${orch.pipeline.parallelism:8}") int parallelism) {
        return new OrderStreamProcessor(orchestrator, Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "order-worker");
            thread.setDaemon(true);
            return thread;
        }));
    }
}
