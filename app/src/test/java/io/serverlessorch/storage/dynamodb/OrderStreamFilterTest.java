package io.serverlessorch.storage.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderStreamFilterTest {

    private static Map<String, AttributeValue> keys(String sortKey) {
        return Map.of("order_id", AttributeValue.fromS("o-1"), "sk", AttributeValue.fromS(sortKey));
    }

    @Test
    void orderItemsCreatedOrChangedPass() {
        assertTrue(OrderStreamFilter.passes("INSERT", keys("ORDER")));
        assertTrue(OrderStreamFilter.passes("MODIFY", keys("ORDER")));
    }

    @Test
    void deletionsHistoryAndEffectsDoNot() {
        assertFalse(OrderStreamFilter.passes("REMOVE", keys("ORDER")));
        assertFalse(OrderStreamFilter.passes("INSERT", keys("TRANSITION#2026-11-23T10:00:00.000Z#VALIDATED")));
        assertFalse(OrderStreamFilter.passes("INSERT", keys("EFFECT#RELEASE")));
        assertFalse(OrderStreamFilter.passes("MODIFY", Map.of("order_id", AttributeValue.fromS("o-1"))));
        assertFalse(OrderStreamFilter.passes("INSERT", Map.of("sk", AttributeValue.fromN("1"))));
        assertFalse(OrderStreamFilter.passes(null, keys("ORDER")));
    }

    @Test
    void thePatternIsLambdasFilterSyntaxForTheSameRule() {
        assertEquals(Map.of(
                "eventName", List.of("INSERT", "MODIFY"),
                "dynamodb", Map.of("Keys", Map.of("sk", Map.of("S", List.of("ORDER"))))), OrderStreamFilter.PATTERN);
    }
}
