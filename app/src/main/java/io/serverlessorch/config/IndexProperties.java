package io.serverlessorch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.serverlessorch.storage.dynamodb.IndexKeys;
import io.serverlessorch.storage.dynamodb.Tables;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code orch.orders.index-shards}: how many keys each index key of the orders table is split into. Every
 * function must use the same number; raise it (never lower it) to take more orders a second, see
 * docs/scaling.md.
 */
@ConfigurationProperties("orch.orders")
public record IndexProperties(@Bindable(defaultValue = "" + Tables.Orders.DEFAULT_INDEX_SHARDS) @Min(1) @Max(1000) int indexShards) {

    public IndexKeys indexKeys() {
        return new IndexKeys(indexShards);
    }
}
