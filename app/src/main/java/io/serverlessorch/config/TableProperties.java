package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.storage.dynamodb.Tables;
import jakarta.validation.constraints.NotBlank;

/** {@code orch.tables.*}: the tables' names, set by the CDK stacks and the local run. */
@ConfigurationProperties("orch.tables")
public record TableProperties(
        @Bindable(defaultValue = Tables.DEFAULT_PREFIX + "-orders") @NotBlank String orders,
        @Bindable(defaultValue = Tables.DEFAULT_PREFIX + "-catalog") @NotBlank String catalog) {
}
