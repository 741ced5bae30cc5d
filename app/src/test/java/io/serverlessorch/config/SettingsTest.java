package io.serverlessorch.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.BeanCreationException;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.TimeBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed settings: the defaults the README documents, and a bad value stopping the start with its name. */
class SettingsTest {

    @Test
    void withNothingSetEverySettingHasItsDocumentedDefault() {
        try (ApplicationContext context = ApplicationContext.run()) {
            assertEquals(new TableProperties("serverless-orch-orders", "serverless-orch-catalog"), context.getBean(TableProperties.class));
            assertEquals(Duration.ZERO, context.getBean(RetentionProperties.Orders.class).retention());
            assertEquals(Duration.ofDays(90), context.getBean(RetentionProperties.History.class).retention());
            assertEquals("lambda", context.getBean(StepProperties.class).invoker());
            assertEquals(Map.of(), context.getBean(StepProperties.class).functionsByStep());
            PipelineProperties pipeline = context.getBean(PipelineProperties.class);
            assertEquals(new PipelineProperties(3, Duration.ofMillis(200), Duration.ofSeconds(2), 8, Duration.ofSeconds(10), Duration.ofSeconds(180)), pipeline);
            assertEquals(TimeBudget.DEFAULT, pipeline.timeBudget(), "the functions' defaults are the budget the stacks deploy");
            ValidationProperties validation = context.getBean(ValidationProperties.class);
            assertEquals(0, new BigDecimal("10000.00").compareTo(validation.maxOrderTotal()));
            assertEquals(Set.of("US", "CA", "GB", "IE", "FR", "DE", "NL", "ES", "IT", "AU"), validation.countries());
        }
    }

    @Test
    void settingsAreReadFromTheirProperties() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "orch.pipeline.step-attempts", "5",
                "orch.pipeline.first-backoff", "50ms",
                "orch.steps.functions.payment", "arn:aws:lambda:us-east-1:123456789012:function:pay",
                "orch.validation.countries", "US,CA"))) {
            PipelineProperties pipeline = context.getBean(PipelineProperties.class);
            assertEquals(5, pipeline.stepAttempts());
            assertEquals(Duration.ofMillis(50), pipeline.retryPolicy().longestBackoffBefore(2));
            assertEquals(Map.of(Step.PAYMENT, "arn:aws:lambda:us-east-1:123456789012:function:pay"),
                    context.getBean(StepProperties.class).functionsByStep());
            assertEquals(Set.of("US", "CA"), context.getBean(ValidationProperties.class).countries());
        }
    }

    @Test
    void eachStepsFunctionIsReadFromTheVariableTheStackSets() {
        Map<String, Object> variables = new HashMap<>();
        Map<Step, String> expected = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            variables.put("ORCH_STEPS_FUNCTIONS_" + step.name(), "serverless-orch-dev-" + step.id() + ":live");
            expected.put(step, "serverless-orch-dev-" + step.id() + ":live");
        }
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of("stack", variables, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            assertEquals(expected, context.getBean(StepProperties.class).functionsByStep());
        }
    }

    @Test
    void aFunctionNamedForNoStepIsRefusedNotIgnored() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("orch.steps.functions.validater", "validator"))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> context.getBean(StepProperties.class).functionsByStep());
            assertTrue(refused.getMessage().startsWith("orch.steps.functions.validater names no step"), refused.getMessage());
        }
    }

    @Test
    void aLongerStepTimeoutWithoutALongerProcessorTimeoutStopsTheStart() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("orch.pipeline.step-timeout", "30s"))) {
            BeanCreationException refused = assertThrows(BeanCreationException.class, () -> context.getBean(TimeBudget.class));
            assertTrue(refused.getMessage().contains("cannot cover one order change"), refused.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            orch.pipeline.step-attempts     | 0           | stepAttempts
            orch.pipeline.parallelism       | 0           | parallelism
            orch.validation.max-order-total | -1          | maxOrderTotal
            orch.steps.invoker              | carrier-pigeon | invoker
            orch.history.retention-days     | 0           | retentionDays
            orch.tables.orders              | ' '         | orders
            """)
    void aBadValueStopsTheStartNamingTheSetting(String property, String value, String named) {
        try (ApplicationContext context = ApplicationContext.run(Map.of(property, value))) {
            Class<?> settings = switch (property.split("\\.")[1]) {
                case "pipeline" -> PipelineProperties.class;
                case "validation" -> ValidationProperties.class;
                case "steps" -> StepProperties.class;
                case "history" -> RetentionProperties.History.class;
                default -> TableProperties.class;
            };
            BeanCreationException refused = assertThrows(BeanCreationException.class, () -> context.getBean(settings));
            assertTrue(refused.getMessage().contains(named), refused.getMessage());
        }
    }
}
