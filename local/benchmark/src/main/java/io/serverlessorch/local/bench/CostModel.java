package io.serverlessorch.local.bench;

import io.serverlessorch.pipeline.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a million orders cost in AWS, from what the benchmark counted per order, and what the same pipeline
 * would cost with Step Functions Standard driving the steps instead of the stream processor.
 *
 * <p>Prices: us-east-1, on-demand, as published in November 2024 (DynamoDB after that month's price cut).
 * Check the providers' pricing pages before relying on them; free tiers are left out.
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
     * What Lambda writes to the log for each invocation on its own, with the JSON log format the stacks
     * set: a platform.start and a platform.report record, about 150 and 400 bytes (an estimate from their
     * documented shape; they are not produced locally). Only the API and the processor write them: the
     * stack sets the steps' system log level to WARN, which leaves them out.
     */
    static final long PLATFORM_LOG_BYTES_PER_INVOCATION = 550;

    /**
     * API Gateway's access log line for each request, in the format the stage sets
     * ({@code AccessLogFormat.jsonWithStandardFields()}: requestId, ip, user, caller, requestTime, httpMethod,
     * resourcePath, status, protocol, responseLength). About 310 bytes with a request id (36 characters), an
     * IPv4 address, an IAM role session as user and caller (about 35 each, the API takes IAM authorization),
     * {@code 23/Nov/2026:19:08:25 +0000}, {@code POST /orders}, {@code 201}, {@code HTTP/1.1} and a 3-digit length:
     * an estimate from the documented fields; it is not produced locally.
     */
    static final long API_ACCESS_LOG_BYTES_PER_REQUEST = 310;

    /** Memory of the functions in the application stack, in GB. */
    static final double API_GB = 1.0;
    static final double PROCESSOR_GB = 1.0;
    static final double STEP_GB = 0.75;

    /**
     * States one completed order executes in a Standard workflow of the same flow: five tasks, a choice after
     * each of the three that can decline, and the end state. Step Functions bills each as a transition.
     */
    static final int STEP_FUNCTIONS_TRANSITIONS_PER_ORDER = 9;

    /** What one order used, as measured; it makes one API request. */
    record PerOrder(double writeUnits, double readUnits, double lambdaInvocations, double stepInvocations,
                    double apiSeconds, double processorSeconds, double stepSeconds, double logBytes) {
    }

    static Map<String, Object> perMillionOrders(PerOrder order) {
        double dynamoDb = order.writeUnits() * DYNAMODB_PER_MILLION_WRITE_UNITS + order.readUnits() * DYNAMODB_PER_MILLION_READ_UNITS;
        double apiGateway = API_GATEWAY_REST_PER_MILLION_REQUESTS;
        double lambdaRequests = order.lambdaInvocations() * LAMBDA_PER_MILLION_REQUESTS;
        // The processor waits for each step it calls, so it is billed for that time as well.
        double gbSeconds = order.apiSeconds() * API_GB + order.processorSeconds() * PROCESSOR_GB + order.stepSeconds() * STEP_GB;
        double lambdaDuration = gbSeconds * LAMBDA_ARM_PER_GB_SECOND * 1_000_000;
        // Ingestion of what the functions write, of Lambda's own lines for each invocation of the API and the
        // processor, and of the API's access log line.
        double logBytes = order.logBytes() + (order.lambdaInvocations() - order.stepInvocations()) * PLATFORM_LOG_BYTES_PER_INVOCATION
                + API_ACCESS_LOG_BYTES_PER_REQUEST;
        double logs = logBytes * 1_000_000 / (1024.0 * 1024 * 1024) * CLOUDWATCH_LOGS_INGESTION_PER_GB;
        double total = dynamoDb + apiGateway + lambdaRequests + lambdaDuration + logs;

        // Step Functions Standard: no stream processor; the workflow calls the same steps and pays per transition.
        double sfnLambdaRequests = (1 + order.stepInvocations()) * LAMBDA_PER_MILLION_REQUESTS;
        double sfnGbSeconds = order.apiSeconds() * API_GB + order.stepSeconds() * STEP_GB;
        double sfnTransitions = STEP_FUNCTIONS_TRANSITIONS_PER_ORDER * STEP_FUNCTIONS_STANDARD_PER_THOUSAND_TRANSITIONS * 1000;
        double stepFunctions = dynamoDb + apiGateway + sfnLambdaRequests + sfnGbSeconds * LAMBDA_ARM_PER_GB_SECOND * 1_000_000 + sfnTransitions + logs;

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
        return cost;
    }
}
