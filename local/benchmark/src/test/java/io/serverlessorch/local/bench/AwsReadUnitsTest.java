package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AwsReadUnitsTest {

    private final AwsReadUnits reads = new AwsReadUnits(
            Map.of("orders", List.of("order_id", "sk"), "catalog", List.of("product_id")),
            Map.of("by-status", "status_shard"));

    private static Map<String, AttributeValue> product(String id, int padding) {
        return Map.of("product_id", AttributeValue.fromS(id), "name", AttributeValue.fromS("x".repeat(padding)));
    }

    @Test
    void anItemCostsAUnitPerStartedFourKilobytesAndHalfThatEventuallyConsistent() {
        assertEquals(1, AwsReadUnits.units(100, true));
        assertEquals(0.5, AwsReadUnits.units(100, false));
        assertEquals(2, AwsReadUnits.units(4097, true));
        assertEquals(1, AwsReadUnits.units(0, true), "an item not found still costs a read");

        List<KeyUnits> got = reads.get(GetItemRequest.builder().tableName("catalog").key(Map.of("product_id", AttributeValue.fromS("p-1")))
                .consistentRead(true).build(), GetItemResponse.builder().item(product("p-1", 5000)).build());
        assertEquals(List.of(KeyUnits.read("catalog", null, "p-1", 2)), got);
    }

    @Test
    void aBatchBillsEachItemOnItsOwnKey() {
        Map<String, AttributeValue> one = Map.of("product_id", AttributeValue.fromS("p-1"));
        Map<String, AttributeValue> two = Map.of("product_id", AttributeValue.fromS("p-2"));
        Map<String, AttributeValue> missing = Map.of("product_id", AttributeValue.fromS("p-3"));
        List<KeyUnits> got = reads.batchGet(
                BatchGetItemRequest.builder().requestItems(Map.of("catalog", KeysAndAttributes.builder().keys(one, two, missing).build())).build(),
                BatchGetItemResponse.builder().responses(Map.of("catalog", List.of(product("p-1", 10), product("p-2", 9000)))).build());

        assertEquals(List.of(KeyUnits.read("catalog", null, "p-1", 0.5), KeyUnits.read("catalog", null, "p-2", 1.5),
                KeyUnits.read("catalog", null, "p-3", 0.5)), got);
    }

    @Test
    void aQueryBillsTheTotalSizeOfWhatItReadOnTheKeyItsConditionNames() {
        List<Map<String, AttributeValue>> entries = List.of(
                Map.of("order_id", AttributeValue.fromS("x".repeat(3000))), Map.of("order_id", AttributeValue.fromS("y".repeat(3000))));
        List<KeyUnits> got = reads.query(QueryRequest.builder().tableName("orders").indexName("by-status")
                        .keyConditionExpression("#k = :k AND created_at < :before")
                        .expressionAttributeNames(Map.of("#k", "status_shard"))
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("COMPLETED#3"), ":before", AttributeValue.fromS("2026"))).build(),
                QueryResponse.builder().items(entries).build());

        // About 6 KB in all: two 4 KB blocks, eventually consistent as index reads are.
        assertEquals(List.of(KeyUnits.read("orders", "by-status", "COMPLETED#3", 1.0)), got);
    }
}
