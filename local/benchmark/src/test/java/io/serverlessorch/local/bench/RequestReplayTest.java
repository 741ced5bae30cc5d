package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The replay sends each order's requests in their order, on the copies of the tables. */
class RequestReplayTest {

    private static final Map<String, String> COPIES = Map.of("orders", "replay-orders", "catalog", "replay-catalog");

    @Test
    void eachOrdersRequestsFormOneChainInTheOrderSentAndTheRestGoAlone() {
        SdkRequest createA = PutItemRequest.builder().tableName("orders").item(key("a")).build();
        SdkRequest createB = PutItemRequest.builder().tableName("orders").item(key("b")).build();
        SdkRequest prices = BatchGetItemRequest.builder().requestItems(Map.of("catalog",
                KeysAndAttributes.builder().keys(List.of(Map.of("product_id", AttributeValue.fromS("p")))).build())).build();
        SdkRequest moveA = UpdateItemRequest.builder().tableName("orders").key(key("a")).build();
        SdkRequest holdB = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName("catalog").key(Map.of("product_id", AttributeValue.fromS("p"))).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName("orders").item(key("b")).build()).build()).build();

        List<List<SdkRequest>> chains = RequestReplay.byOrder(List.of(createA, createB, prices, moveA, holdB), "orders",
                name -> COPIES.getOrDefault(name, name));

        assertEquals(3, chains.size(), "order a, order b, the catalog read");
        assertEquals(List.of("a", "a"), chains.get(0).stream().map(request -> RequestReplay.orderIdOf(request, "replay-orders")).toList());
        assertEquals(List.of("b", "b"), chains.get(1).stream().map(request -> RequestReplay.orderIdOf(request, "replay-orders")).toList());
        assertEquals("replay-orders", ((UpdateItemRequest) chains.get(0).get(1)).tableName());
        TransactWriteItemsRequest renamedHold = (TransactWriteItemsRequest) chains.get(1).get(1);
        assertEquals("replay-catalog", renamedHold.transactItems().get(0).update().tableName());
        assertEquals("replay-orders", renamedHold.transactItems().get(1).put().tableName());
        assertEquals(Map.of("replay-catalog", ((BatchGetItemRequest) prices).requestItems().get("catalog")),
                ((BatchGetItemRequest) chains.get(2).get(0)).requestItems());
    }

    private static Map<String, AttributeValue> key(String orderId) {
        return Map.of("order_id", AttributeValue.fromS(orderId), "sk", AttributeValue.fromS("ORDER"));
    }
}
