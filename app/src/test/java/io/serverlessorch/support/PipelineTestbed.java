package io.serverlessorch.support;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.Product;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.invocation.InProcessStepInvoker;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.orders.Caller;
import io.serverlessorch.orders.OrderService;
import io.serverlessorch.pipeline.OrderOrchestrator;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import io.serverlessorch.pipeline.PipelineMetrics;
import io.serverlessorch.pipeline.RetryPolicy;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.CatalogRepository;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The real pipeline wiring on DynamoDB Local, driven synchronously: {@link #drive} plays the stream by
 * handing the order to the orchestrator as its stream records would, until it is done. Step calls can be
 * intercepted to inject faults, and the pipeline's clock moved on ({@link #clock}).
 */
public final class PipelineTestbed implements AutoCloseable {

    public static final BigDecimal PRICE = new BigDecimal("19.99");

    private final ApplicationContext context;
    private final DynamoDbClient dynamoDb;
    private final TableNames tables;
    private final List<StepRequest> calls = Collections.synchronizedList(new ArrayList<>());
    private final StepInvoker real;
    private volatile StepInvoker invoker;
    private final OrderOrchestrator orchestrator;
    private final TestClock clock = new TestClock();
    private final StreamedStatuses history;
    /** The testbed's time budget: the deployed one, with the testbed's quick step retries. */
    public static final TimeBudget BUDGET = new TimeBudget(new RetryPolicy(RetryBudget.DEFAULT.steps().tries(), Duration.ofMillis(1), Duration.ofMillis(5)),
            TimeBudget.DEFAULT.stepTimeout(), TimeBudget.DEFAULT.processorTimeout());

    /** A product on flash sale: little stock, split across several counters. */
    public static final String HOT_PRODUCT = "product-hot";
    public static final BigDecimal HOT_PRICE = new BigDecimal("49.00");
    public static final long HOT_STOCK = 200;
    public static final int HOT_BUCKETS = 8;

    public PipelineTestbed(URI endpoint) {
        dynamoDb = TestTables.client(endpoint);
        tables = TestTables.create(dynamoDb);
        context = ApplicationContext.run(Map.of(
                "aws.services.dynamodb.endpoint-override", endpoint.toString(),
                "orch.tables.orders", tables.orders(),
                "orch.tables.catalog", tables.catalog(),
                "orch.steps.invoker", "in-process"));
        CatalogRepository catalog = context.getBean(CatalogRepository.class);
        catalog.save(Product.stocked("product-1", "Mouse", PRICE, 1000));
        catalog.save(Product.stocked("product-2", "Cable", new BigDecimal("5.00"), 1000));
        catalog.save(Product.stocked("product-limited", "Headphones", new BigDecimal("99.00"), 10));
        catalog.save(Product.stocked("product-soldout", "Monitor", new BigDecimal("299.00"), 0));
        catalog.save(Product.stocked(HOT_PRODUCT, "Earbuds", HOT_PRICE, HOT_STOCK).inBuckets(HOT_BUCKETS));
        StepInvoker inProcess = new InProcessStepInvoker(context.getBean(StepDispatcher.class));
        real = request -> {
            calls.add(request);
            return inProcess.invoke(request);
        };
        invoker = real;
        history = new StreamedStatuses(endpoint, dynamoDb.describeTable(r -> r.tableName(tables.orders())).table().latestStreamArn());
        orchestrator = new OrderOrchestrator(request -> invoker.invoke(request), orders(), BUDGET.retry(), BUDGET,
                new NoMetrics(), clock);
    }

    /** A stream processor over this testbed's orchestrator and clock. */
    public OrderStreamProcessor streamProcessor() {
        return new OrderStreamProcessor(orchestrator, new NoMetrics(), Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "test-order-worker");
            thread.setDaemon(true);
            return thread;
        }), BUDGET, clock);
    }

    /** The pipeline's clock: the system's, plus whatever a test moved it on by. */
    public TestClock clock() {
        return clock;
    }

    /** Wraps every step call from now on; for example to fail a step, or crash after it. */
    public void injectFaults(UnaryOperator<StepInvoker> wrapper) {
        this.invoker = wrapper.apply(real);
    }

    public static OrderDraft draft(String productId, int quantity, BigDecimal price, String cardToken) {
        return new OrderDraft(new Customer("cust-1", "cust@example.com", "Casey"),
                List.of(new OrderLine(productId, quantity, price.setScale(2))),
                new ShippingAddress("1 Main St", "Town", "CA", "12345", "US"), new Payment("credit_card", cardToken));
    }

    public Order place(OrderDraft draft) {
        return context.getBean(OrderService.class).place(draft, Optional.empty(), Caller.ANONYMOUS).order();
    }

    /**
     * Plays the stream for one order until it is done or waits for the world outside: delivers its record (the order as it now stands, as a
     * record delivered again or replayed would find it), then the record of each move that was left to its
     * stream record; records of carried-on moves do nothing, as in the stream processor.
     */
    public OrderHistory drive(String orderId) {
        Order next = history(orderId).order();
        for (int deliveries = 0; deliveries < 20; deliveries++) {
            deliver(next);
            Order now = history(orderId).order();
            if (now.status().isTerminal() || now.status().isWaiting()) {
                return history(orderId);
            }
            if (orders().findCarriedOn(orderId).isPresent()) {
                throw new AssertionError("Order " + orderId + " was left in " + now.status() + ", carried on, with no one carrying it on");
            }
            next = now;
        }
        throw new AssertionError("order " + orderId + " did not finish");
    }

    /**
     * Hands one snapshot of the order to the orchestrator, as one stream record would, with a fresh invocation's
     * time; then the records of the moves made meanwhile, which only add to the history.
     */
    public void deliver(Order snapshot) {
        orchestrator.recordEntered(List.of(snapshot), List.of());
        try {
            orchestrator.onStatusChange(snapshot, clock.instant().plus(BUDGET.processorTimeout()));
        } finally {
            orchestrator.recordEntered(List.of(), history.statusesEnteredSinceLastRead());
        }
    }

    /** Runs the stage of the snapshot's status alone, leaving the next to its stream record: stops an order on its way. */
    public void deliverOneStage(Order snapshot) {
        orchestrator.recordEntered(List.of(snapshot), List.of());
        try {
            orchestrator.runOneStage(snapshot);
        } finally {
            orchestrator.recordEntered(List.of(), history.statusesEnteredSinceLastRead());
        }
    }

    public OrderHistory history(String orderId) {
        return orders().findWithHistory(orderId).orElseThrow();
    }

    public List<OrderStatus> statuses(String orderId) {
        return history(orderId).history().stream().map(change -> change.status()).toList();
    }

    public Product product(String productId) {
        return context.getBean(CatalogRepository.class).find(productId).orElseThrow();
    }

    public long callsTo(Step step, StepRequest.Action action) {
        return calls.stream().filter(c -> c.step() == step && c.action() == action).count();
    }

    public OrderRepository orders() {
        return context.getBean(OrderRepository.class);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public TableNames tables() {
        return tables;
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        history.close();
        context.close();
    }

    /** A step that fails for technical reasons, always. */
    public static StepInvoker failing(StepInvoker real, Step step, StepRequest.Action action) {
        return request -> request.step() == step && request.action() == action
                ? StepResult.failed("injected failure") : real.invoke(request);
    }

    /** The system clock, moved on by {@link #advance}: to make a step seem to take long. */
    public static final class TestClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        public void advance(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return Clock.systemUTC().instant().plus(ahead);
        }
    }

    /** Metrics are checked where they are made; here they would be noise. */
    static final class NoMetrics implements PipelineMetrics {
        @Override
        public void stepAnswered(Step step, StepRequest.Action action, StepResult.Outcome outcome, Duration latency) {
        }

        @Override
        public void orderMoved(OrderStatus status, String reasonCode, Duration sincePlaced) {
        }

        @Override
        public void stepFailed(Step step, boolean willRetry) {
        }

        @Override
        public void orderReceived() {
        }

        @Override
        public void publish() {
        }
    }
}
