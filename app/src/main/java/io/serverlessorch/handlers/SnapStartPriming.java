package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.retry.Backoff;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A function's SnapStart hooks. Before Lambda snapshots an initialised function version, {@code beforeCheckpoint}
 * primes the function: it sends requests through the function's own code paths (routing, JSON, validation, step
 * payloads, stream records) that end before any storage, so restored copies start with those classes loaded and
 * that code compiled instead of paying for it on their first request. Priming touches no data and reaches no AWS
 * service, so no connection is open at the snapshot and none needs renewing after a restore.
 *
 * <p>{@code afterRestore} renews what the copies restored from one snapshot must not share: the seed of the retry
 * jitter, without which every copy would wait the same times and retry together.
 *
 * <p>On a JVM without checkpoints (tests, the local run, Lambda without SnapStart) neither hook runs.
 */
final class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final String function;
    private final Runnable priming;

    private SnapStartPriming(String function, Runnable priming) {
        this.function = function;
        this.priming = priming;
    }

    /**
     * Registers the hooks of one function. The caller keeps the returned resource: the checkpoint context may
     * hold it weakly.
     */
    static SnapStartPriming register(String function, Runnable priming) {
        SnapStartPriming hooks = new SnapStartPriming(function, priming);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        priming.run();
        LOG.info("Primed the {} function for its snapshot", function);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Backoff.renewJitter();
    }

    /**
     * Runs the API's request path (routing, JSON, validation, errors) with requests that end before storage:
     * an unknown order id and an invalid order.
     *
     * @return the status of each priming request
     */
    static List<Integer> primeApi(Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api) {
        return List.of(
                api.apply(apiEvent("GET", "/orders/not-an-order-id", null)).getStatusCode(),
                api.apply(apiEvent("POST", "/orders", """
                        {"customer": {"customer_id": "priming", "email": "not-an-email", "name": "P"},
                         "items": [{"product_id": "p", "quantity": 0, "unit_price": 1.00}],
                         "shipping_address": {"street": "s", "city": "c", "postal_code": "1", "country": "US"},
                         "payment": {"payment_method": "credit_card"}}""")).getStatusCode());
    }

    /**
     * Runs the stream processor's path (the stream event model, record mapping, the batch on the worker threads,
     * the response) with a record that is no order change: a status history record, which the processor passes.
     *
     * @return the batch item failures of the priming batch
     */
    static List<StreamsEventResponse.BatchItemFailure> primeStreamProcessor(Function<DynamodbEvent, StreamsEventResponse> processor) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new StreamRecord().withSequenceNumber("0").withKeys(Map.of(
                "order_id", new AttributeValue().withS("snapstart-priming"), "sk", new AttributeValue().withS("TRANSITION#priming"))));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return processor.apply(event).getBatchItemFailures();
    }

    /**
     * Runs the step payloads through their JSON both ways for each of {@code steps}, as a step function reads its
     * request and writes its result and as the stream processor writes requests and reads results. The steps
     * themselves do not run: each reads or writes data.
     *
     * @return the results read back, one per step
     */
    static List<StepResult> primeStepPayloads(StepDispatcher dispatcher, List<Step> steps) {
        Order order = Order.place("snapstart-priming", new OrderDraft(new Customer("priming", "priming@example.com", "Priming"),
                List.of(new OrderLine("priming", 1, new BigDecimal("1.00"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                new Payment("credit_card", null)), Instant.EPOCH);
        return steps.stream().map(step -> {
            dispatcher.readRequest(dispatcher.write(new StepRequest(step, StepRequest.Action.EXECUTE, order,
                    new SuccessMove(OrderStatus.VALIDATED, Instant.EPOCH, true))));
            return dispatcher.readResult(dispatcher.write(StepResult.stale()));
        }).toList();
    }

    private static APIGatewayProxyRequestEvent apiEvent(String method, String path, String body) {
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withHeaders(headers)
                .withMultiValueHeaders(body == null ? Map.of() : Map.of("Content-Type", List.of("application/json")))
                .withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("snapstart-priming").withStage("priming"));
    }
}
