package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AwsWriteUnitsTest {

    private final AwsWriteUnits units = new AwsWriteUnits(
            Map.of("orders", List.of("status", "listing")),
            Map.of("orders", List.of("order_id", "sk"), "catalog", List.of("product_id")));

    private static Map<String, AttributeValue> order(int padding) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("order_id", AttributeValue.fromS("o-1"));
        item.put("sk", AttributeValue.fromS("ORDER"));
        item.put("status", AttributeValue.fromS("PENDING"));
        item.put("listing", AttributeValue.fromS("ALL"));
        item.put("lines", AttributeValue.fromS("x".repeat(padding)));
        return item;
    }

    @Test
    void sizesFollowAwsRules() {
        // "ab" (2) + "xyz" (3); "n" (1) + 123.45 (5 significant digits: 3 + 1); "list" (4) + 3 + (1 + "a") + (1 + true)
        assertEquals(5, ItemSize.of(Map.of("ab", AttributeValue.fromS("xyz"))));
        assertEquals(5, ItemSize.of(Map.of("n", AttributeValue.fromN("123.45"))));
        assertEquals(3, ItemSize.of(Map.of("n", AttributeValue.fromN("1000"))), "trailing zeros are not stored: one digit");
        assertEquals(11, ItemSize.of(Map.of("list", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromBool(true))))));
    }

    @Test
    void aNewOrderPaysItsKilobytesAndOneEntryPerIndex() {
        units.put(PutItemRequest.builder().tableName("orders").item(order(1500)).build());

        AwsWriteUnits.Totals totals = units.totals();
        assertEquals(2, totals.tableUnits(), "about 1.5 KB is two units");
        assertEquals(2, totals.indexUnits(), "one entry in each index");
        assertEquals(0, totals.transactionSurcharge());
    }

    @Test
    void aMoveRewritesTheWholeItemAndMovesItsStatusEntry() {
        Map<String, AttributeValue> after = order(2500);
        after.put("status", AttributeValue.fromS("VALIDATED"));
        units.update(UpdateItemRequest.builder().tableName("orders").key(Map.of("order_id", AttributeValue.fromS("o-1"), "sk", AttributeValue.fromS("ORDER")))
                .updateExpression("SET #s = :to").expressionAttributeNames(Map.of("#s", "status")).build(), after);

        AwsWriteUnits.Totals totals = units.totals();
        assertEquals(3, totals.tableUnits(), "the whole item, about 2.5 KB, not only what changed");
        assertEquals(2, totals.indexUnits(), "the old status entry removed, the new one added; the listing untouched");
    }

    @Test
    void aTransactionPaysTwiceForEachItemItHoldsConditionChecksIncluded() {
        units.put(PutItemRequest.builder().tableName("orders").item(order(1500)).build());
        units.reset();
        Map<String, AttributeValue> orderKey = Map.of("order_id", AttributeValue.fromS("o-1"), "sk", AttributeValue.fromS("ORDER"));
        units.transaction(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName("orders").key(orderKey)
                        .updateExpression("SET reserved_at = :now").build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("catalog")
                        .key(Map.of("product_id", AttributeValue.fromS("p-1"))).conditionExpression("stock > :n").build()).build()).build());

        AwsWriteUnits.Totals totals = units.totals();
        assertEquals(3, totals.tableUnits(), "the order as last seen (2 units) and the unseen catalog item (1)");
        assertEquals(3, totals.transactionSurcharge(), "a transaction bills each of them twice");
        assertEquals(0, totals.indexUnits(), "no index key set");
        assertEquals(6, totals.total());
    }
}
