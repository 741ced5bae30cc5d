package io.serverlessorch.steps;

import java.math.BigDecimal;
import java.util.Set;

/** What the validator accepts beyond the API's own checks. */
public record ValidationPolicy(BigDecimal maxOrderTotal, Set<String> supportedCountries) {

    public ValidationPolicy {
        supportedCountries = Set.copyOf(supportedCountries);
    }
}
