package io.serverlessorch.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.serverlessorch.invocation.InProcessStepInvoker;
import io.serverlessorch.invocation.LambdaStepInvoker;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.metrics.EmfPipelineMetrics;
import io.serverlessorch.metrics.MetricDocumentSink;
import io.serverlessorch.pipeline.OrderOrchestrator;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import io.serverlessorch.pipeline.PipelineMetrics;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.RetryPolicy;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.steps.ValidationPolicy;
import io.serverlessorch.storage.InventoryRepository;
import io.serverlessorch.storage.LedgerRepository;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.dynamodb.DynamoInventoryRepository;
import io.serverlessorch.storage.dynamodb.DynamoLedgerRepository;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Builds the pipeline: what the steps need, how the stream processor reaches them, and its retry policy, from
 * the typed settings ({@link StepProperties}, {@link PipelineProperties}, {@link ValidationProperties}).
 */
@Factory
public class PipelineFactory {

    @Singleton
    InventoryRepository inventoryRepository(DynamoDbClient dynamoDb, TableProperties tables, IndexProperties indexes) {
        return new DynamoInventoryRepository(dynamoDb, tables.orders(), tables.catalog(), indexes.indexKeys());
    }

    @Singleton
    LedgerRepository ledgerRepository(DynamoDbClient dynamoDb, TableProperties tables, IndexProperties indexes) {
        return new DynamoLedgerRepository(dynamoDb, tables.orders(), indexes.indexKeys());
    }

    @Singleton
    ValidationPolicy validationPolicy(ValidationProperties validation) {
        return validation.policy();
    }

    /** Every step class is a bean of its own (a {@code @Singleton} in {@code steps}): none is listed here. */
    @Singleton
    StepDispatcher stepDispatcher(List<PipelineStep> steps, JsonMapper json) {
        return new StepDispatcher(steps, json);
    }

    /**
     * How the processor reaches the steps, chosen when the bean is built rather than by a property condition:
     * Micronaut AOT evaluates property conditions at build time, where no {@code orch.steps.invoker} is set.
     * With {@code provided}, the embedding program registers its own invoker instead.
     */
    @Singleton
    @Requires(property = "orch.steps.invoker", notEquals = StepProperties.PROVIDED)
    StepInvoker stepInvoker(StepProperties steps, StepDispatcher dispatcher, TimeBudget budget) {
        if (StepProperties.IN_PROCESS.equals(steps.invoker())) {
            return new InProcessStepInvoker(dispatcher);
        }
        // The orchestrator retries a failed step call (RetryPolicy); SDK retries on top would multiply its
        // tries and break the time budget. A call may last the step's timeout plus the client's margin.
        LambdaClient lambda = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(budget.stepCallTimeout()).build())
                .overrideConfiguration(client -> client
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(budget.stepCallTimeout()))
                .build();
        return new LambdaStepInvoker(lambda, dispatcher, steps.functionsByStep());
    }

    @Singleton
    EmfPipelineMetrics metrics(Clock clock, Optional<MetricDocumentSink> documents) {
        // Standard output in Lambda; the local run brings its own metric store.
        return new EmfPipelineMetrics(clock, documents.orElse(MetricDocumentSink.STANDARD_OUTPUT));
    }

    @Singleton
    OrderOrchestrator orderOrchestrator(StepInvoker steps, OrderRepository orders, PipelineProperties pipeline, TimeBudget budget,
                                        PipelineMetrics metrics, Clock clock) {
        return new OrderOrchestrator(steps, orders, pipeline.retryPolicy(), budget, metrics, clock);
    }

    @Singleton
    TimeBudget timeBudget(PipelineProperties pipeline) {
        return pipeline.timeBudget();
    }

    /** Orders of one batch are handled side by side on this many threads (they mostly wait on I/O). */
    @Singleton
    OrderStreamProcessor orderStreamProcessor(OrderOrchestrator orchestrator, PipelineMetrics metrics, PipelineProperties pipeline,
                                              TimeBudget budget, Clock clock) {
        return new OrderStreamProcessor(orchestrator, metrics, Executors.newFixedThreadPool(pipeline.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "order-worker");
            thread.setDaemon(true);
            return thread;
        }), budget, clock);
    }
}
