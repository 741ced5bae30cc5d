package io.serverlessorch.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.serverlessorch.local.Faults;
import io.serverlessorch.pipeline.Step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * How often each function ran and for how long, timed server side around its handler, as Lambda bills it:
 * the order API handler, the stream processor (with the stream records it was handed, and the deliveries
 * among them that called a step: {@link StepHops}) and each step.
 */
final class FunctionTimes {

    static final String API = "api";
    static final String PROCESSOR = "processor";

    private final Map<String, LongAdder[]> counters = new ConcurrentHashMap<>();
    private final LongAdder streamRecords = new LongAdder();
    private final StepHops stepHops = new StepHops();

    /** One function's invocations and the seconds they ran in all. */
    record Function(long invocations, double seconds) {
        double meanSeconds() {
            return invocations == 0 ? 0 : seconds / invocations;
        }
    }

    /**
     * The functions' counts since the last {@link #snapshot()}: the API, the processor, then each step by name.
     *
     * @param stepHops stream deliveries that called at least one step ({@link StepHops})
     */
    record Snapshot(Map<String, Function> functions, long streamRecords, long stepHops) {
        Function of(String name) {
            return functions.getOrDefault(name, new Function(0, 0));
        }

        /** The steps alone, by name, in the pipeline's order. */
        Map<String, Function> steps() {
            Map<String, Function> steps = new LinkedHashMap<>();
            for (Step step : Step.values()) {
                steps.put(stepName(step), of(stepName(step)));
            }
            return steps;
        }

        long stepInvocations() {
            return steps().values().stream().mapToLong(Function::invocations).sum();
        }

        double stepSeconds() {
            return steps().values().stream().mapToDouble(Function::seconds).sum();
        }
    }

    static String stepName(Step step) {
        return step.id();
    }

    /** Hooks that time the API handler, the processor and each step call; {@code observer} sees every batch first. */
    Faults faults(Consumer<DynamodbEvent> observer) {
        // Not faults: the same hooks count each invocation and how long it ran.
        return new Faults(
                real -> (event, context) -> {
                    observer.accept(event);
                    streamRecords.add(event.getRecords().size());
                    StepHops.Invocation invocation = stepHops.invoked(event);
                    long started = System.nanoTime();
                    try {
                        return real.handleRequest(event, context);
                    } finally {
                        add(PROCESSOR, System.nanoTime() - started);
                        invocation.ended();
                    }
                },
                real -> request -> {
                    stepHops.stepCalled(request.order());
                    long started = System.nanoTime();
                    try {
                        return real.invoke(request);
                    } finally {
                        add(stepName(request.step()), System.nanoTime() - started);
                    }
                },
                this::api);
    }

    /** The API handler, timed per invocation. */
    private RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api(
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> real) {
        return (event, context) -> {
            long started = System.nanoTime();
            try {
                return real.handleRequest(event, context);
            } finally {
                add(API, System.nanoTime() - started);
            }
        };
    }

    /** The counts since the last snapshot, which start again from zero. */
    synchronized Snapshot snapshot() {
        Map<String, Function> functions = new LinkedHashMap<>();
        for (String name : counters.keySet().stream().sorted().toList()) {
            LongAdder[] counter = counters.get(name);
            functions.put(name, new Function(counter[0].sumThenReset(), counter[1].sumThenReset() / 1e9));
        }
        return new Snapshot(functions, streamRecords.sumThenReset(), stepHops.sumThenReset());
    }

    private void add(String function, long nanos) {
        LongAdder[] counter = counters.computeIfAbsent(function, name -> new LongAdder[]{new LongAdder(), new LongAdder()});
        counter[0].increment();
        counter[1].add(nanos);
    }

    /** Mean milliseconds per invocation and invocations per order, of each function, for the results. */
    static Map<String, Object> describe(Snapshot snapshot, long orders) {
        Map<String, Object> described = new LinkedHashMap<>();
        Map<String, Function> all = new LinkedHashMap<>();
        all.put(API, snapshot.of(API));
        all.put(PROCESSOR, snapshot.of(PROCESSOR));
        all.putAll(snapshot.steps());
        all.forEach((name, function) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("meanMs", Benchmark.round(function.meanSeconds() * 1000));
            figures.put("invocationsPerOrder", Benchmark.round(orders == 0 ? 0 : (double) function.invocations() / orders));
            described.put(name, figures);
        });
        return described;
    }
}
