package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.steps.ValidationPolicy;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;
import java.util.Set;

/** {@code orch.validation.*}: the business limits the validator applies to every order. */
@ConfigurationProperties("orch.validation")
public record ValidationProperties(
        @Bindable(defaultValue = "10000.00") @NotNull @Positive BigDecimal maxOrderTotal,
        @Bindable(defaultValue = "US,CA,GB,IE,FR,DE,NL,ES,IT,AU") @NotEmpty Set<String> countries) {

    public ValidationPolicy policy() {
        return new ValidationPolicy(maxOrderTotal, countries);
    }
}
