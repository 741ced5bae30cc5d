package io.serverlessorch.invocation;

import io.micronaut.json.JsonMapper;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON face of the steps: a {@link StepRequest} in, a {@link StepResult} out. The step Lambdas and the
 * local in-process invoker both go through here, so both speak the same payloads.
 */
public class StepDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(StepDispatcher.class);

    private final Map<Step, PipelineStep> steps = new EnumMap<>(Step.class);
    private final JsonMapper json;

    /** @param steps one class for each {@link Step}: a step without one, or with two, stops the start here */
    public StepDispatcher(List<PipelineStep> steps, JsonMapper json) {
        for (PipelineStep step : steps) {
            PipelineStep other = this.steps.put(step.step(), step);
            if (other != null) {
                throw new IllegalStateException("Two classes run the " + step.step() + " step: "
                        + other.getClass().getName() + " and " + step.getClass().getName());
            }
        }
        for (Step step : Step.values()) {
            if (!this.steps.containsKey(step)) {
                throw new IllegalStateException("No class runs the " + step + " step: is its PipelineStep class a @Singleton?");
            }
        }
        this.json = json;
    }

    /**
     * Runs the request if it is for {@code expected} (a step Lambda serves its own step only).
     * A technical failure is answered as {@link StepResult.Outcome#FAILED}, not thrown.
     */
    public byte[] handle(byte[] requestJson, Step expected) {
        StepRequest request = readRequest(requestJson);
        if (request.step() != expected) {
            throw new IllegalArgumentException("This function runs the " + expected + " step, not " + request.step());
        }
        return write(run(request));
    }

    public StepResult run(StepRequest request) {
        PipelineStep step = steps.get(request.step());
        try {
            return request.action() == StepRequest.Action.COMPENSATE
                    ? step.compensate(request.order())
                    : step.execute(request.order(), request.onSuccess(), request.onPending());
        } catch (RuntimeException e) {
            LOG.warn("Step {} ({}) failed for order {}", request.step(), request.action(), request.order().orderId(), e);
            return StepResult.failed(e.toString());
        }
    }

    public StepRequest readRequest(byte[] requestJson) {
        try {
            return json.readValue(requestJson, StepRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a step request", e);
        }
    }

    public byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StepResult readResult(byte[] resultJson) {
        try {
            return json.readValue(resultJson, StepResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a step result", e);
        }
    }
}
