package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.pipeline.Step;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code orch.steps.*}: how the stream processor reaches the steps.
 *
 * <ul>
 *   <li>{@code invoker}: {@code lambda} (default, in AWS: each step is its own function, named in
 *       {@code functions}); {@code in-process} (tests: the steps run in the processor's JVM, through the same
 *       JSON); {@code provided} (the embedding program registers its own {@code StepInvoker} bean: the local
 *       run does, to run each step as its own local function).</li>
 *   <li>{@code functions.<step>} ({@code functions.validator}, {@code functions.inventory}, ...; in the environment
 *       {@code ORCH_STEPS_FUNCTIONS_VALIDATOR}, ...): each step's function name or ARN.</li>
 * </ul>
 */
@ConfigurationProperties("orch.steps")
public record StepProperties(
        @Bindable(defaultValue = StepProperties.LAMBDA) @NotBlank @Pattern(regexp = "lambda|in-process|provided") String invoker,
        @Nullable Map<String, String> functions) {

    public static final String LAMBDA = "lambda";
    public static final String IN_PROCESS = "in-process";
    public static final String PROVIDED = "provided";

    public StepProperties {
        functions = functions == null ? Map.of() : Map.copyOf(functions);
    }

    /**
     * The named functions, by step; a step without a name is missing. A name under a key that is no step (a typo in
     * {@code orch.steps.functions.*}) is an error rather than a step left without its function.
     */
    public Map<Step, String> functionsByStep() {
        Map<Step, String> byStep = new EnumMap<>(Step.class);
        functions.forEach((key, name) -> {
            Step step = Step.ofId(key)
                    .orElseThrow(() -> new IllegalArgumentException("orch.steps.functions." + key + " names no step: the steps are "
                            + Arrays.stream(Step.values()).map(Step::id).toList()));
            if (name != null && !name.isBlank()) {
                byStep.put(step, name);
            }
        });
        return byStep;
    }
}
