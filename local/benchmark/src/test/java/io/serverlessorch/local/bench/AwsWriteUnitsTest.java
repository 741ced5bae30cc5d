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
            Map.of("orders", Map.of("status", "by-status", "listing", "by-creation")),
            Map.of("orders", List.of("order_id", "sk"), "catalog", List.of("product_id")));

    private static final Map<String, AttributeValue> ORDER_KEY = Map.of("order_id", AttributeValue.fromS("o-1"), "sk", AttributeValue.fromS("ORDER"));

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
        List<KeyUnits> charged = units.put(PutItemRequest.builder().tableName("orders").item(order(1500)).build());

        AwsWriteUnits.Totals totals = units.totals();
        assertEquals(2, totals.tableUnits(), "about 1.5 KB is two units");
        assertEquals(2, totals.indexUnits(), "one entry in each index");
        assertEquals(0, totals.transactionSurcharge());
        assertEquals(List.of(
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.ITEM, 2),
                KeyUnits.write("orders", "by-creation", "ALL", KeyUnits.Kind.INDEX_ADD, 1),
                KeyUnits.write("orders", "by-status", "PENDING", KeyUnits.Kind.INDEX_ADD, 1)), sorted(charged),
                "the item on its order's key, each entry on its index key's value");
    }

    @Test
    void aMoveRewritesTheWholeItemAndMovesItsStatusEntry() {
        units.put(PutItemRequest.builder().tableName("orders").item(order(1500)).build());
        units.reset();
        Map<String, AttributeValue> after = order(2500);
        after.put("status", AttributeValue.fromS("VALIDATED"));
        List<KeyUnits> charged = units.update(UpdateItemRequest.builder().tableName("orders").key(ORDER_KEY)
                .updateExpression("SET #s = :to").expressionAttributeNames(Map.of("#s", "status")).build(), after);

        AwsWriteUnits.Totals totals = units.totals();
        assertEquals(3, totals.tableUnits(), "the whole item, about 2.5 KB, not only what changed");
        assertEquals(2, totals.indexUnits(), "the old status entry removed, the new one added; the listing untouched");
        assertEquals(List.of(
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.ITEM, 3),
                KeyUnits.write("orders", "by-status", "PENDING", KeyUnits.Kind.INDEX_REMOVE, 1),
                KeyUnits.write("orders", "by-status", "VALIDATED", KeyUnits.Kind.INDEX_ADD, 1)), sorted(charged));
    }

    @Test
    void anUpdateThatLeavesTheIndexKeyAloneWritesNoEntry() {
        units.put(PutItemRequest.builder().tableName("orders").item(order(100)).build());
        units.reset();
        Map<String, AttributeValue> after = order(100);
        after.put("state", AttributeValue.fromS("VALIDATED"));
        units.update(UpdateItemRequest.builder().tableName("orders").key(ORDER_KEY)
                .updateExpression("SET #state = :to").expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":to", AttributeValue.fromS("VALIDATED"))).build(), after);
        // Set, but to the value it had: the entry stays where it is.
        units.update(UpdateItemRequest.builder().tableName("orders").key(ORDER_KEY)
                .updateExpression("SET #s = :same").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":same", AttributeValue.fromS("PENDING"))).build(), order(100));

        assertEquals(0, units.totals().indexUnits());
        assertEquals(2, units.totals().tableUnits());
    }

    @Test
    void anUpdateInATransactionMovesItsEntryToTheValueItsExpressionSets() {
        units.put(PutItemRequest.builder().tableName("orders").item(order(100)).build());
        units.reset();
        List<KeyUnits> charged = units.transaction(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName("orders").key(ORDER_KEY)
                        .updateExpression("SET #to = if_not_exists(#to, :zero) + :q, #s = :end REMOVE reserved_at")
                        .expressionAttributeNames(Map.of("#to", "shipped", "#s", "status"))
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"), ":q", AttributeValue.fromN("1"),
                                ":end", AttributeValue.fromS("COMPLETED#7"))).build()).build()).build());
        // A later update that removes the key takes the entry out.
        List<KeyUnits> removed = units.update(UpdateItemRequest.builder().tableName("orders").key(ORDER_KEY)
                .updateExpression("REMOVE #s").expressionAttributeNames(Map.of("#s", "status")).build(), null);

        assertEquals(List.of(
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.ITEM, 1),
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.TRANSACTION_SURCHARGE, 1),
                KeyUnits.write("orders", "by-status", "COMPLETED#7", KeyUnits.Kind.INDEX_ADD, 1),
                KeyUnits.write("orders", "by-status", "PENDING", KeyUnits.Kind.INDEX_REMOVE, 1)), sorted(charged));
        assertEquals(List.of(
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.ITEM, 1),
                KeyUnits.write("orders", "by-status", "COMPLETED#7", KeyUnits.Kind.INDEX_REMOVE, 1)), sorted(removed));
    }

    @Test
    void aTransactionPaysTwiceForEachItemItHoldsConditionChecksIncluded() {
        units.put(PutItemRequest.builder().tableName("orders").item(order(1500)).build());
        units.reset();
        Map<String, AttributeValue> orderKey = ORDER_KEY;
        List<KeyUnits> charged = units.transaction(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName("orders").key(orderKey)
                        .updateExpression("SET reserved_at = :now").build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("catalog")
                        .key(Map.of("product_id", AttributeValue.fromS("p-1"))).conditionExpression("stock > :n").build()).build()).build());

        AwsWriteUnits.Totals totals = units.totals();
        assertEquals(3, totals.tableUnits(), "the order as last seen (2 units) and the unseen catalog item (1)");
        assertEquals(3, totals.transactionSurcharge(), "a transaction bills each of them twice");
        assertEquals(0, totals.indexUnits(), "no index key set");
        assertEquals(6, totals.total());
        assertEquals(List.of(
                KeyUnits.write("catalog", null, "p-1", KeyUnits.Kind.ITEM, 1),
                KeyUnits.write("catalog", null, "p-1", KeyUnits.Kind.TRANSACTION_SURCHARGE, 1),
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.ITEM, 2),
                KeyUnits.write("orders", null, "o-1", KeyUnits.Kind.TRANSACTION_SURCHARGE, 2)), sorted(charged));
    }

    /** In a fixed order: by table, index, key and kind. */
    private static List<KeyUnits> sorted(List<KeyUnits> charged) {
        return charged.stream().sorted(java.util.Comparator.comparing(KeyUnits::table)
                .thenComparing(unit -> unit.index() == null ? "" : unit.index())
                .thenComparing(KeyUnits::key).thenComparing(KeyUnits::kind)).toList();
    }
}
