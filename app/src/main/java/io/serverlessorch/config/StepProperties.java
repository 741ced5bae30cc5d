package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.pipeline.Step;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

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
 *   <li>{@code functions.validator}, {@code functions.inventory}, ...: each step's function name or ARN.</li>
 * </ul>
 */
@ConfigurationProperties("orch.steps")
public record StepProperties(
        @Bindable(defaultValue = StepProperties.LAMBDA) @NotBlank @Pattern(regexp = "lambda|in-process|provided") String invoker) {

    public static final String LAMBDA = "lambda";
    public static final String IN_PROCESS = "in-process";
    public static final String PROVIDED = "provided";

    /** {@code orch.steps.functions.*}: the step functions' names or ARNs, for the {@code lambda} invoker. */
    @ConfigurationProperties("functions")
    public record Functions(@Nullable String validator, @Nullable String inventory, @Nullable String payment,
                            @Nullable String fulfillment, @Nullable String notification) {

        /** The named functions, by step; a step without a name is missing. */
        public Map<Step, String> byStep() {
            Map<Step, String> functions = new EnumMap<>(Step.class);
            functions.put(Step.VALIDATOR, validator);
            functions.put(Step.INVENTORY, inventory);
            functions.put(Step.PAYMENT, payment);
            functions.put(Step.FULFILLMENT, fulfillment);
            functions.put(Step.NOTIFICATION, notification);
            functions.values().removeIf(name -> name == null || name.isBlank());
            return functions;
        }
    }
}
