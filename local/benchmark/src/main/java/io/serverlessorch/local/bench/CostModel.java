package io.serverlessorch.local.bench;

import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.storage.dynamodb.Tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a million orders cost in AWS, from what the benchmark counted per order, and what the same pipeline
 * would cost with Step Functions Standard, Step Functions Express or a Lambda durable function driving the steps
 * instead of the stream processor.
 *
 * <p>Prices: us-east-1, on-demand, as published in November 2024 (DynamoDB after that month's price cut).
 * Check the providers' pricing pages before relying on them; free tiers are left out. Express and durable
 * functions carry their own dates and sources ({@link #EXPRESS_PRICES_AS_OF}, {@link #DURABLE_PRICES_AS_OF}).
 */
final class CostModel {

    private CostModel() {
    }

    static final String PRICES_AS_OF = "2024-11, us-east-1";
    static final double DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625;
    static final double DYNAMODB_PER_MILLION_READ_UNITS = 0.125;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    static final double API_GATEWAY_REST_PER_MILLION_REQUESTS = 3.50;
    static final double STEP_FUNCTIONS_STANDARD_PER_THOUSAND_TRANSITIONS = 0.025;
    static final double CLOUDWATCH_LOGS_INGESTION_PER_GB = 0.50;

    /**
     * What Lambda writes to the log for each invocation on its own, with the JSON log format and the INFO
     * system log level the stacks set on every function: a platform.start and a platform.report record, about
     * 150 and 400 bytes (an estimate from their documented shape; they are not produced locally).
     */
    static final long PLATFORM_LOG_BYTES_PER_INVOCATION = 550;

    /**
     * API Gateway's access log line for each request, in the stage's format ({@code ApplicationStack.ACCESS_LOG_FORMAT}:
     * requestId, ip, caller, user, requestTime, httpMethod, resourcePath, status, protocol, responseLength, the
     * response and integration latencies, the integration's status and error, the error's type and message, the
     * X-Ray trace id). About 500 bytes with a request id (36 characters), an IPv4 address, an IAM role session as
     * user and caller (about 35 each, the API takes IAM authorization), {@code 23/Nov/2026:19:08:25 +0000},
     * {@code POST /orders}, {@code 201}, {@code HTTP/1.1}, 2- and 3-digit numbers, {@code -} for the absent errors
     * and a trace id: an estimate from the documented fields; it is not produced locally.
     */
    static final long API_ACCESS_LOG_BYTES_PER_REQUEST = 500;

    /** Memory of the functions in the application stack, in GB. */
    static final double API_GB = 1.0;
    static final double PROCESSOR_GB = 1.0;
    static final double STEP_GB = 0.75;

    /**
     * States one completed order executes in a Standard workflow of the same flow: five tasks, a choice after
     * each of the three that can decline, and the end state. Step Functions bills each as a transition.
     */
    static final int STEP_FUNCTIONS_TRANSITIONS_PER_ORDER = 9;

    // The same orders on other orchestrators: Step Functions Express and Lambda durable functions. Each keeps the
    // five steps, their DynamoDB work and the API, and drops the stream processor.

    /**
     * Step Functions Express, us-east-1, read 2026-12-08 from https://aws.amazon.com/step-functions/pricing/ (a copy
     * at https://mdsite.deno.dev/https://aws.amazon.com/step-functions/pricing): $1.00 a million requests (one per
     * execution started); duration $0.06 a GB-hour for the first 1,000 GB-hours a month ($0.00001667 a GB-second),
     * then $0.03 and $0.01642. A million orders use a few GB-hours, so the first tier is the one paid.
     */
    static final String EXPRESS_PRICES_AS_OF = "2026-12-08, us-east-1, https://aws.amazon.com/step-functions/pricing/";
    static final double STEP_FUNCTIONS_EXPRESS_PER_MILLION_REQUESTS = 1.00;
    static final double STEP_FUNCTIONS_EXPRESS_PER_GB_SECOND = 0.06 / 3600;
    /**
     * Express bills an execution's memory in 64 MB chunks: 50 MB, the definition's size and the execution data (an order
     * and five step results, a few KB) are under 64 MB, so one chunk.
     */
    static final double EXPRESS_BILLED_GB = 64 / 1024.0;
    /** Express rounds each execution's duration up to the next 100 ms. */
    static final double EXPRESS_DURATION_INCREMENT_SECONDS = 0.1;
    /**
     * What a task adds to the workflow's wall time beyond the step function's own time: the Lambda invoke and the
     * state change, about 20 ms (an estimate; it is not produced locally).
     */
    static final double EXPRESS_TASK_OVERHEAD_SECONDS = 0.02;

    /**
     * Lambda durable functions, us-east-1: $8.00 a million durable operations, $0.25 a GB of data written, $0.15 a
     * GB-month of data retained. The figures of issue 31; the $8.00 matches the Lambda pricing page as transcribed
     * from https://aws.amazon.com/lambda/pricing/ on 2026-09-20 (api-evangelist/aws-lambda, plans/aws-lambda-plans-pricing.yml),
     * read 2026-12-08; the two data prices were not found in a stored copy of that page.
     */
    static final String DURABLE_PRICES_AS_OF = "2026-12-08 (issue 31; $8.00 checked against aws.amazon.com/lambda/pricing/ as of 2026-09-20), us-east-1";
    static final double DURABLE_PER_MILLION_OPERATIONS = 8.00;
    static final double DURABLE_PER_GB_WRITTEN = 0.25;
    static final double DURABLE_PER_GB_MONTH_RETAINED = 0.15;
    /**
     * Durable operations of an order paid at once: starting the execution, and one checkpointed step per step (the
     * steps run inside the durable function as its steps; a retried step is one more). A wait for the provider adds a
     * callback.
     */
    static final int DURABLE_OPERATIONS_PER_ORDER = 1 + Step.values().length;
    /**
     * A step's result as the execution checkpoints it: a {@code StepResult} as JSON, e.g.
     * {@code {"outcome":"SUCCEEDED","code":"charged","reason":"charged 59.97 USD"}}, about 70 to 100 bytes; 120 with
     * the operation's name (an estimate).
     */
    static final long STEP_RESULT_JSON_BYTES = 120;
    /** The execution's input (the order, as stored: the mean order item) and a result per step. */
    static final long DURABLE_BYTES_WRITTEN_PER_ORDER = CostModel.ORDER_ITEM_BYTES + Step.values().length * STEP_RESULT_JSON_BYTES;
    /**
     * Lambda keeps a closed execution's history 14 days unless told otherwise (RetentionPeriodInDays, 1 to 90:
     * https://docs.aws.amazon.com/lambda/latest/dg/durable-configuration.html); retained data is billed by the GB-month.
     */
    static final double DURABLE_RETENTION_DAYS = 14;
    static final double DAYS_PER_MONTH = 30;

    /** USD per million executions for Express's own part: the requests and the duration of the billed memory. */
    static double expressOrchestrationPerMillion(double workflowSeconds, double perMillionRequests, double perGbSecond) {
        double billedSeconds = Math.ceil(workflowSeconds / EXPRESS_DURATION_INCREMENT_SECONDS - 1e-9) * EXPRESS_DURATION_INCREMENT_SECONDS;
        return perMillionRequests + billedSeconds * EXPRESS_BILLED_GB * perGbSecond * 1_000_000;
    }

    /** An Express execution's wall time: the steps' own time and each task's overhead. */
    static double expressWorkflowSeconds(double stepSeconds) {
        return stepSeconds + Step.values().length * EXPRESS_TASK_OVERHEAD_SECONDS;
    }

    /** USD per million executions for the durable functions' own part: operations, data written, data retained. */
    static double durableOrchestrationPerMillion(double operations, double bytesWritten, double retentionDays,
                                                 double perMillionOperations, double perGbWritten, double perGbMonthRetained) {
        double gbWritten = bytesWritten * 1_000_000 / (1024.0 * 1024 * 1024);
        return operations * perMillionOperations + gbWritten * perGbWritten + gbWritten * retentionDays / DAYS_PER_MONTH * perGbMonthRetained;
    }

    /** What one order used, as measured; it makes one API request. */
    record PerOrder(double writeUnits, double readUnits, double lambdaInvocations, double stepInvocations,
                    double apiSeconds, double processorSeconds, double stepSeconds, double logBytes) {
    }

    /** The figure the floor table measures the distance to. */
    static final double FLOOR_TARGET = 15.0;

    /**
     * What a one-line order that completes must write, with the delivery guarantees kept: the order, its five
     * moves (each status change is a conditional write: it is what makes an effect happen once), one history
     * record of the four in-flight statuses (the chain's, before the end; the stream writes only what a chain
     * cut short did not: decision #36; an end status is kept by the order item) and the stock line twice (held,
     * shipped).
     */
    static final int FLOOR_ITEM_WRITES = 9;
    /** Holding and shipping stock: each a transaction of two items, which AWS bills twice. */
    static final int FLOOR_TRANSACTION_SURCHARGE = 4;
    /** The creation index entry, the customer index entry, the ACTIVE entry, and the move of it to the end status (out and in). */
    static final int FLOOR_INDEX_WRITES = 5;
    /**
     * The validator's price read, the inventory step's bucket count and the stream's look at an order's history
     * records (decision #36), all eventually consistent.
     */
    static final double FLOOR_READ_UNITS = 1.5;
    static final double API_GATEWAY_HTTP_PER_MILLION_REQUESTS = 1.00;
    /** The processor's invocations per order at full batches: about 6 status changes an order, a batch of {@link TimeBudget#BATCH_SIZE}. */
    static final double FULL_BATCH_PROCESSOR_INVOCATIONS = 6.0 / TimeBudget.BATCH_SIZE;

    /** One row of the floor table, in USD per million orders. */
    record FloorRow(String component, double now, double least, String between) {
    }

    /**
     * Per component: what it costs as measured, the least this design can cost, and what stands between.
     *
     * @param itemUnits   write units of the table's items per order, at AWS's rules
     * @param surcharge   the transactions' second unit per item, per order
     * @param indexUnits  index entry writes per order
     */
    static List<FloorRow> floor(PerOrder order, double itemUnits, double surcharge, double indexUnits) {
        Map<String, Object> cost = perMillionOrders(order);
        double leastLogBytes = (1 + order.stepInvocations() + FULL_BATCH_PROCESSOR_INVOCATIONS) * PLATFORM_LOG_BYTES_PER_INVOCATION
                + API_ACCESS_LOG_BYTES_PER_REQUEST;
        return List.of(
                new FloorRow("DynamoDB: the order, its moves, history records and stock lines",
                        itemUnits * DYNAMODB_PER_MILLION_WRITE_UNITS, FLOOR_ITEM_WRITES * DYNAMODB_PER_MILLION_WRITE_UNITS,
                        FLOOR_ITEM_WRITES + " item writes: the order, five moves, one history record, the stock line twice;"
                                + " below that only without a stored history"),
                new FloorRow("DynamoDB: transactions' second unit per item",
                        surcharge * DYNAMODB_PER_MILLION_WRITE_UNITS, FLOOR_TRANSACTION_SURCHARGE * DYNAMODB_PER_MILLION_WRITE_UNITS,
                        "holding and shipping stock write the order's move and the stock line in one transaction: exactly-once stock needs it"),
                new FloorRow("DynamoDB: index entries",
                        indexUnits * DYNAMODB_PER_MILLION_WRITE_UNITS, FLOOR_INDEX_WRITES * DYNAMODB_PER_MILLION_WRITE_UNITS,
                        "listing all orders, by status and by customer: the creation and customer entries, the ACTIVE entry and its move to the end status"),
                new FloorRow("DynamoDB: reads",
                        order.readUnits() * DYNAMODB_PER_MILLION_READ_UNITS, FLOOR_READ_UNITS * DYNAMODB_PER_MILLION_READ_UNITS,
                        "shipment and release read the stock bucket the order holds (1 unit); the stream image could carry it"),
                new FloorRow("API Gateway", (double) cost.get("apiGateway"), API_GATEWAY_HTTP_PER_MILLION_REQUESTS,
                        "an HTTP API costs $1.00 a million requests; the REST API is kept for WAF, request validation and usage plans"),
                new FloorRow("Lambda requests", (double) cost.get("lambdaRequests"),
                        (1 + (order.stepInvocations()) + FULL_BATCH_PROCESSOR_INVOCATIONS) * LAMBDA_PER_MILLION_REQUESTS,
                        "one API call and a call per step; the processor's share falls as batches fill (to " + TimeBudget.BATCH_SIZE + " records)"),
                new FloorRow("Lambda duration", (double) cost.get("lambdaDuration"), (double) cost.get("lambdaDuration"),
                        "the functions' own time per call, server side: lower only with leaner functions"),
                new FloorRow("CloudWatch Logs ingestion", (double) cost.get("logsIngestion"),
                        leastLogBytes * 1_000_000 / (1024.0 * 1024 * 1024) * CLOUDWATCH_LOGS_INGESTION_PER_GB,
                        "every function's start and report lines and the API's access line; metric documents, one per"
                                + " dimension values per batch, shrink per order as batches fill"));
    }

    // Orders that wait for the payment provider (tok_3ds, a 3-D Secure challenge), and the timer that ends a wait.

    /** The deadline index entry: written (keys only, well under 1 KB) by the move into the wait, deleted by the move out. */
    static final int DEADLINE_INDEX_WRITE_UNITS_PER_WAIT = 2;
    /** Shards of the deadline index key; each sweep queries every one. */
    static final int DEADLINE_INDEX_SHARDS = Tables.Orders.DEADLINE_SHARDS;
    /** Per shard and sweep: a {@code Select COUNT} for the waiting gauge, and the range query of the overdue entries. */
    static final int DEADLINE_QUERIES_PER_SHARD = 2;
    /** An eventually consistent Query of an index bills at least half a unit, however little it finds. */
    static final double READ_UNITS_PER_INDEX_QUERY = 0.5;
    /**
     * A deadline index entry as the {@code Select COUNT} reads it: the order id, the sort key, the shard key and the
     * deadline with their names, about 120 bytes (an estimate from the attributes); 4 KB of them bill half a unit.
     */
    static final long DEADLINE_ENTRY_BYTES = 120;
    /** The sweep runs once a minute: a 30-day month of sweeps. */
    static final long SWEEPS_PER_MONTH = 60L * 24 * 30;
    /**
     * One sweep's time: 16 small queries one after the other and the function's own work, an estimate rounded up; the
     * function sized like a step function. EventBridge's scheduled rule that starts it carries no charge.
     */
    static final double SWEEP_SECONDS = 0.2;
    static final double SWEEP_GB = STEP_GB;
    /** A sweep's log lines: Lambda's start and report lines, and its metric document (about 350 bytes). */
    static final long SWEEP_LOG_BYTES = PLATFORM_LOG_BYTES_PER_INVOCATION + 350;

    /**
     * What a waiting order adds to the same order paid at once.
     *
     * @param orderItemWriteUnits the order item's units per update (1 below 1 KB; the mean order item is about 700 bytes)
     * @param orderReadUnits      the webhook's consistent Query of the order's items (1 per started 4 KB)
     * @param webhookSeconds      the API function's time for the webhook
     * @param minutesWaited       how long the order waits, at most the confirmation timeout (15 minutes by default)
     */
    record Wait(double orderItemWriteUnits, double orderReadUnits, double webhookSeconds, double minutesWaited) {
    }

    /**
     * USD per million orders that wait, beyond what the same orders cost paid at once: the deadline index entry in and
     * out; the webhook (an API Gateway request, an API function call, a consistent Query of the order and one
     * conditional UpdateItem of its move); the order's share of the sweeps' {@code COUNT} reads while it waits; and the
     * second stream hop a wait makes (one more processor call and one more history record: the chain stops at the wait).
     */
    static Map<String, Object> perMillionWaitingOrders(Wait wait) {
        double countReads = wait.minutesWaited() * DEADLINE_ENTRY_BYTES / 4096.0 * READ_UNITS_PER_INDEX_QUERY;
        double writeUnits = DEADLINE_INDEX_WRITE_UNITS_PER_WAIT + wait.orderItemWriteUnits() + 1;
        double dynamoDb = writeUnits * DYNAMODB_PER_MILLION_WRITE_UNITS + (wait.orderReadUnits() + countReads) * DYNAMODB_PER_MILLION_READ_UNITS;
        double lambdaRequests = 2 * LAMBDA_PER_MILLION_REQUESTS;
        double lambdaDuration = wait.webhookSeconds() * API_GB * LAMBDA_ARM_PER_GB_SECOND * 1_000_000;
        double logs = (2 * PLATFORM_LOG_BYTES_PER_INVOCATION + API_ACCESS_LOG_BYTES_PER_REQUEST) * 1_000_000 / (1024.0 * 1024 * 1024)
                * CLOUDWATCH_LOGS_INGESTION_PER_GB;
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("pricesAsOf", PRICES_AS_OF);
        cost.put("deadlineIndex", Benchmark.round(DEADLINE_INDEX_WRITE_UNITS_PER_WAIT * DYNAMODB_PER_MILLION_WRITE_UNITS));
        cost.put("dynamoDb", Benchmark.round(dynamoDb));
        cost.put("apiGateway", Benchmark.round(API_GATEWAY_REST_PER_MILLION_REQUESTS));
        cost.put("lambdaRequests", Benchmark.round(lambdaRequests));
        cost.put("lambdaDuration", Benchmark.round(lambdaDuration));
        cost.put("logsIngestion", Benchmark.round(logs));
        cost.put("totalPerMillionWaitingOrders", Benchmark.round(dynamoDb + API_GATEWAY_REST_PER_MILLION_REQUESTS + lambdaRequests + lambdaDuration + logs));
        return cost;
    }

    /** USD a month for the deadline sweep with no order waiting: what the timer costs however few orders use it. */
    static Map<String, Object> deadlineSweepPerMonth() {
        double readUnits = SWEEPS_PER_MONTH * DEADLINE_INDEX_SHARDS * DEADLINE_QUERIES_PER_SHARD * READ_UNITS_PER_INDEX_QUERY;
        double dynamoDb = readUnits * DYNAMODB_PER_MILLION_READ_UNITS / 1_000_000;
        double lambdaRequests = SWEEPS_PER_MONTH * LAMBDA_PER_MILLION_REQUESTS / 1_000_000;
        double lambdaDuration = SWEEPS_PER_MONTH * SWEEP_SECONDS * SWEEP_GB * LAMBDA_ARM_PER_GB_SECOND;
        double logs = SWEEPS_PER_MONTH * SWEEP_LOG_BYTES / (1024.0 * 1024 * 1024) * CLOUDWATCH_LOGS_INGESTION_PER_GB;
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("pricesAsOf", PRICES_AS_OF);
        cost.put("sweeps", SWEEPS_PER_MONTH);
        cost.put("readUnits", readUnits);
        cost.put("dynamoDb", cents100(dynamoDb));
        cost.put("lambdaRequests", cents100(lambdaRequests));
        cost.put("lambdaDuration", cents100(lambdaDuration));
        cost.put("logsIngestion", cents100(logs));
        cost.put("totalPerMonth", cents100(dynamoDb + lambdaRequests + lambdaDuration + logs));
        return cost;
    }

    /** Rounded to hundredths of a cent: the sweep's parts are fractions of a cent. */
    private static double cents100(double usd) {
        return Math.round(usd * 10_000) / 10_000.0;
    }

    // Listing orders: what one page reads. Index Queries are eventually consistent (half a unit a started 4 KB of the
    // entries read, half a unit at least), and the orders are then read by key, each billed on its own.

    /**
     * A keys-only index entry as a listing's Query reads it: the order id, the sort key, the index's key and
     * {@code created_at}, with their names, about 130 bytes (an estimate from the attributes).
     */
    static final long LISTING_ENTRY_BYTES = 130;
    /** The mean order item (about 700 bytes): one started 4 KB, half a unit read eventually consistently. */
    static final long ORDER_ITEM_BYTES = 700;

    /** Read units of a page: {@code queries} index Queries of {@code entriesPerQuery} entries each, then {@code orders} orders by key. */
    static double listingPageReadUnits(int queries, int entriesPerQuery, int orders) {
        return queries * AwsReadUnits.units(entriesPerQuery * LISTING_ENTRY_BYTES, false) + orders * AwsReadUnits.units(ORDER_ITEM_BYTES, false);
    }

    /**
     * What a page of {@code limit} orders reads, and its DynamoDB cost per million pages (API Gateway and Lambda cost
     * what any request does). A customer's page is one Query of its key; a page of all orders (or of an end status) is
     * a Query of every one of the {@code shards} shards. Each Query reads the page, the entry after it (to see that a
     * run of equal creation times has ended) and, after a position, the position's own entry again.
     */
    static Map<String, Object> listingPages(int limit, int shards) {
        double customer = listingPageReadUnits(1, limit + 2, limit);
        double allOrders = listingPageReadUnits(shards, limit + 2, limit);
        Map<String, Object> pages = new LinkedHashMap<>();
        pages.put("pricesAsOf", PRICES_AS_OF);
        pages.put("limit", limit);
        pages.put("shards", shards);
        pages.put("customerPageReadUnits", customer);
        pages.put("allOrdersPageReadUnits", allOrders);
        pages.put("customerUsdPerMillionPages", Benchmark.round(customer * DYNAMODB_PER_MILLION_READ_UNITS));
        pages.put("allOrdersUsdPerMillionPages", Benchmark.round(allOrders * DYNAMODB_PER_MILLION_READ_UNITS));
        return pages;
    }

    static Map<String, Object> perMillionOrders(PerOrder order) {
        double dynamoDb = order.writeUnits() * DYNAMODB_PER_MILLION_WRITE_UNITS + order.readUnits() * DYNAMODB_PER_MILLION_READ_UNITS;
        double apiGateway = API_GATEWAY_REST_PER_MILLION_REQUESTS;
        double lambdaRequests = order.lambdaInvocations() * LAMBDA_PER_MILLION_REQUESTS;
        // The processor waits for each step it calls, so it is billed for that time as well.
        double gbSeconds = order.apiSeconds() * API_GB + order.processorSeconds() * PROCESSOR_GB + order.stepSeconds() * STEP_GB;
        double lambdaDuration = gbSeconds * LAMBDA_ARM_PER_GB_SECOND * 1_000_000;
        // Ingestion of what the functions write, of Lambda's own lines for each invocation, and of the API's
        // access log line.
        double logBytes = order.logBytes() + order.lambdaInvocations() * PLATFORM_LOG_BYTES_PER_INVOCATION
                + API_ACCESS_LOG_BYTES_PER_REQUEST;
        double logs = logBytes * 1_000_000 / (1024.0 * 1024 * 1024) * CLOUDWATCH_LOGS_INGESTION_PER_GB;
        double total = dynamoDb + apiGateway + lambdaRequests + lambdaDuration + logs;

        // Step Functions Standard: no stream processor; the workflow calls the same steps and pays per transition.
        double sfnLambdaRequests = (1 + order.stepInvocations()) * LAMBDA_PER_MILLION_REQUESTS;
        double sfnGbSeconds = order.apiSeconds() * API_GB + order.stepSeconds() * STEP_GB;
        double sfnTransitions = STEP_FUNCTIONS_TRANSITIONS_PER_ORDER * STEP_FUNCTIONS_STANDARD_PER_THOUSAND_TRANSITIONS * 1000;
        double stepFunctions = dynamoDb + apiGateway + sfnLambdaRequests + sfnGbSeconds * LAMBDA_ARM_PER_GB_SECOND * 1_000_000 + sfnTransitions + logs;

        // Step Functions Express: the same workflow and Lambda work as Standard; requests and duration instead of transitions.
        double express = stepFunctions - sfnTransitions + expressOrchestrationPerMillion(expressWorkflowSeconds(order.stepSeconds()),
                STEP_FUNCTIONS_EXPRESS_PER_MILLION_REQUESTS, STEP_FUNCTIONS_EXPRESS_PER_GB_SECOND);

        // Lambda durable functions: the API starts one durable function that runs the five steps as its own checkpointed
        // steps, so two invocations an order; the steps' time is the same, at the same memory.
        double durableLambdaRequests = 2 * LAMBDA_PER_MILLION_REQUESTS;
        double durable = dynamoDb + apiGateway + durableLambdaRequests + sfnGbSeconds * LAMBDA_ARM_PER_GB_SECOND * 1_000_000 + logs
                + durableOrchestrationPerMillion(DURABLE_OPERATIONS_PER_ORDER, DURABLE_BYTES_WRITTEN_PER_ORDER, DURABLE_RETENTION_DAYS,
                DURABLE_PER_MILLION_OPERATIONS, DURABLE_PER_GB_WRITTEN, DURABLE_PER_GB_MONTH_RETAINED);

        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("pricesAsOf", PRICES_AS_OF);
        cost.put("dynamoDb", Benchmark.round(dynamoDb));
        cost.put("apiGateway", Benchmark.round(apiGateway));
        cost.put("lambdaRequests", Benchmark.round(lambdaRequests));
        cost.put("lambdaDuration", Benchmark.round(lambdaDuration));
        cost.put("logsIngestion", Benchmark.round(logs));
        cost.put("totalPerMillionOrders", Benchmark.round(total));
        cost.put("stepFunctionsStandardPerMillionOrders", Benchmark.round(stepFunctions));
        cost.put("ratioToStepFunctions", Benchmark.round(total / stepFunctions));
        cost.put("stepFunctionsExpressPerMillionOrders", Benchmark.round(express));
        cost.put("ratioToStepFunctionsExpress", Benchmark.round(total / express));
        cost.put("stepFunctionsExpressPricesAsOf", EXPRESS_PRICES_AS_OF);
        cost.put("durableFunctionsPerMillionOrders", Benchmark.round(durable));
        cost.put("ratioToDurableFunctions", Benchmark.round(total / durable));
        cost.put("durableFunctionsPricesAsOf", DURABLE_PRICES_AS_OF);
        return cost;
    }
}
