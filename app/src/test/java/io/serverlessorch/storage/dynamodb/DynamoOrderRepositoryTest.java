package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.InvalidPageTokenException;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.OrderRepository.CreateOutcome;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoOrderRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");
    private static final Duration HISTORY_RETENTION = Duration.ofDays(7);

    private DynamoDbClient dynamoDb;
    private TableNames tables;
    private DynamoOrderRepository repository;

    @BeforeEach
    void freshTables(URI endpoint) {
        dynamoDb = TestTables.client(endpoint);
        tables = TestTables.create(dynamoDb);
        repository = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, HISTORY_RETENTION);
    }

    static Order order(Instant createdAt) {
        OrderDraft draft = new OrderDraft(
                new Customer("cust-1", "c@example.com", "C"),
                List.of(new OrderLine("product-1", 3, new BigDecimal("0.10")), new OrderLine("product-2", 1, new BigDecimal("1234567.89"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                new Payment("credit_card", "tok_visa"));
        return Order.place(UUID.randomUUID().toString(), draft, createdAt);
    }

    @Test
    void anOrderComesBackExactlyAsStored() {
        Order order = order(T0);
        assertTrue(repository.create(order, "fp").created());

        Order stored = repository.findWithHistory(order.orderId()).orElseThrow().order();

        assertEquals(order, stored);
        assertEquals(new BigDecimal("1234568.19"), stored.total());
        assertNull(stored.shippingAddress().state());
        assertEquals("tok_visa", stored.payment().cardToken());
    }

    @Test
    void aSecondCreateWithTheSameIdKeepsTheFirstAndSaysWhetherTheRequestMatched() {
        Order first = order(T0);
        repository.create(first, "fingerprint-a");
        Order second = new Order(first.orderId(), OrderStatus.PENDING, first.customer(), List.of(new OrderLine("x", 1, BigDecimal.ONE)),
                BigDecimal.ONE, first.shippingAddress(), first.payment(), T0.plusSeconds(5), T0.plusSeconds(5), 0, null);

        CreateOutcome retry = repository.create(second, "fingerprint-a");
        CreateOutcome conflict = repository.create(second, "fingerprint-b");

        assertFalse(retry.created());
        assertTrue(retry.sameRequest());
        assertEquals(first, retry.order());
        assertFalse(conflict.created());
        assertFalse(conflict.sameRequest());
        assertEquals(1, TestTables.countItems(dynamoDb, tables.orders()));
    }

    @Test
    void historyIsTheCreationThenTransitionsOldestFirst() {
        Order order = order(T0);
        repository.create(order, "fp");
        assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, "all checks passed", T0.plusSeconds(1))));
        repository.recordHistory(List.of(repository.findWithHistory(order.orderId()).orElseThrow().order()));
        assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.VALIDATED, 1, OrderStatus.INVENTORY_RESERVED, null, T0.plusSeconds(2))));
        repository.recordHistory(List.of(repository.findWithHistory(order.orderId()).orElseThrow().order()));

        var history = repository.findWithHistory(order.orderId()).orElseThrow().history();

        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED),
                history.stream().map(change -> change.status()).toList());
        assertEquals(T0, history.get(0).at());
        assertEquals("all checks passed", history.get(1).reason());
    }

    @Test
    void theLatestStatusShowsInTheHistoryBeforeItIsRecorded() {
        Order order = order(T0);
        repository.create(order, "fp");
        repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, "all checks passed", T0.plusSeconds(1)));

        var unrecorded = repository.findWithHistory(order.orderId()).orElseThrow();
        repository.recordHistory(List.of(unrecorded.order(), unrecorded.order()));
        repository.recordHistory(List.of(unrecorded.order()));
        var recorded = repository.findWithHistory(order.orderId()).orElseThrow();

        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED), unrecorded.history().stream().map(change -> change.status()).toList());
        assertEquals(unrecorded.history(), recorded.history(), "the same entries, once each, whether recorded yet or not");
        assertEquals(2, TestTables.countItems(dynamoDb, tables.orders()), "the order and one transition record");
    }

    @Test
    void anEndStatusIsShownFromTheOrderItselfWithoutARecordOfItsOwn() {
        Order order = order(T0);
        repository.create(order, "fp");
        repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATION_FAILED, "unknown product", T0.plusSeconds(1)));

        repository.recordHistory(List.of(repository.findWithHistory(order.orderId()).orElseThrow().order()));
        var history = repository.findWithHistory(order.orderId()).orElseThrow().history();

        assertEquals(1, TestTables.countItems(dynamoDb, tables.orders()), "the order only: its end needs no record");
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATION_FAILED), history.stream().map(change -> change.status()).toList());
        assertEquals(T0.plusSeconds(1), history.get(1).at());
        assertEquals("unknown product", history.get(1).reason());
    }

    @Test
    void transitionsStayOutOfTheListings() {
        Order order = order(T0);
        repository.create(order, "fp");
        repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, null, T0.plusSeconds(1)));
        repository.recordHistory(List.of(repository.findWithHistory(order.orderId()).orElseThrow().order()));

        assertEquals(1, repository.list(Optional.empty(), 10, Optional.empty()).orders().size());
        assertEquals(1, repository.list(Optional.of(OrderStatus.VALIDATED), 10, Optional.empty()).orders().size());
        assertEquals(0, repository.list(Optional.of(OrderStatus.PENDING), 10, Optional.empty()).orders().size());
    }

    @Test
    void aPageOfExactlyTheLimitHasNoNextToken() {
        for (int i = 0; i < 3; i++) {
            repository.create(order(T0.plusSeconds(i)), "fp");
        }

        OrderPage page = repository.list(Optional.of(OrderStatus.PENDING), 3, Optional.empty());

        assertEquals(3, page.orders().size());
        assertTrue(page.nextToken().isEmpty());
        assertEquals(T0.plusSeconds(2), page.orders().get(0).createdAt());
    }

    @Test
    void pagesNeverRepeatOrSkipAnOrder() {
        for (int i = 0; i < 7; i++) {
            repository.create(order(T0.plusMillis(i)), "fp");
        }
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = repository.list(Optional.empty(), 3, token);
            page.orders().forEach(o -> seen.add(o.orderId()));
            token = page.nextToken();
        } while (token.isPresent());

        assertEquals(7, seen.size());
        assertEquals(7, seen.stream().distinct().count());
    }

    @Test
    void aTamperedTokenIsRejected() {
        repository.create(order(T0), "fp");
        repository.create(order(T0.plusSeconds(1)), "fp");
        String token = repository.list(Optional.empty(), 1, Optional.empty()).nextToken().orElseThrow();

        assertThrows(InvalidPageTokenException.class, () -> repository.list(Optional.empty(), 1, Optional.of(token + "x")));
        assertThrows(InvalidPageTokenException.class, () -> repository.list(Optional.empty(), 1, Optional.of("!!")));
        assertThrows(InvalidPageTokenException.class, () -> repository.list(Optional.of(OrderStatus.PENDING), 1, Optional.of(token)));
    }

    @Test
    void retentionSetsTheOrdersExpiry() {
        var retaining = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ofDays(30), HISTORY_RETENTION);
        Order order = order(T0);
        retaining.create(order, "fp");

        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tables.orders()).key(OrderItems.orderKey(order.orderId()))).item();

        assertEquals(T0.plus(Duration.ofDays(30)).getEpochSecond(), Long.parseLong(item.get(Tables.Orders.TTL_ATTRIBUTE).n()));
    }

    @Test
    void withoutRetentionAnOrderNeverExpires() {
        Order order = order(T0);
        repository.create(order, "fp");
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tables.orders()).key(OrderItems.orderKey(order.orderId()))).item();
        assertFalse(item.containsKey(Tables.Orders.TTL_ATTRIBUTE));
    }

    @Test
    void theOrdersTableExpiresItemsByItsTtlAttribute() {
        var ttl = dynamoDb.describeTimeToLive(r -> r.tableName(tables.orders())).timeToLiveDescription();
        assertEquals(Tables.Orders.TTL_ATTRIBUTE, ttl.attributeName());
    }

    @Test
    void aTransitionMovesTheOrderAndItsHistoryRecordExpires() {
        Order order = order(T0);
        repository.create(order, "fp");
        Instant at = T0.plusSeconds(1);

        assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, null, at)));
        Order moved = repository.findWithHistory(order.orderId()).orElseThrow().order();
        repository.recordHistory(List.of(moved));

        assertEquals(OrderStatus.VALIDATED, moved.status());
        assertEquals(1, moved.version());
        assertEquals(at, moved.updatedAt());
        Map<String, AttributeValue> record = dynamoDb.getItem(r -> r.tableName(tables.orders()).key(Map.of(
                Tables.Orders.PARTITION_KEY, AttributeValue.fromS(order.orderId()),
                Tables.Orders.SORT_KEY, AttributeValue.fromS("TRANSITION#000001")))).item();
        assertEquals(at.plus(HISTORY_RETENTION).getEpochSecond(), Long.parseLong(record.get(Tables.Orders.TTL_ATTRIBUTE).n()));
        assertEquals("VALIDATED", record.get(OrderItems.ENTERED).l().get(0).m().get(OrderItems.TO_STATUS).s());
    }

    @Test
    void theStatusesOfAChainArrivingInOneBatchAreOneRecordAndABatchSplitDifferentlyRepeatsNone() {
        Order order = order(T0);
        repository.create(order, "fp");
        List<Order> entered = movedThrough(order, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_COMPLETED,
                OrderStatus.FULFILLED);

        // given the four moves' records in one batch, then the last three again, as a retried part of it
        repository.recordHistory(entered);
        repository.recordHistory(entered.subList(1, 4));

        // expect one record for the batch, and each status once in the history, in order
        long records = dynamoDb.query(r -> r.tableName(tables.orders()).keyConditionExpression("#pk = :id")
                .expressionAttributeNames(Map.of("#pk", Tables.Orders.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(order.orderId())))).items().stream()
                .filter(OrderItems::isTransition).count();
        assertEquals(2, records, "one record per batch");
        var history = repository.findWithHistory(order.orderId()).orElseThrow().history();
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_COMPLETED,
                OrderStatus.FULFILLED), history.stream().map(change -> change.status()).toList());
        assertEquals("to INVENTORY_RESERVED", history.get(2).reason());
        assertEquals(T0.plusSeconds(4), history.get(4).at());
    }

    @Test
    void onlyTheStatusesNoHistoryRecordHoldsAreLeftToRecord() {
        Order order = order(T0);
        repository.create(order, "fp");
        List<Order> entered = movedThrough(order, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_COMPLETED);
        // given a chain that recorded its first two statuses, then was cut short
        repository.recordHistory(entered.subList(0, 2));

        assertEquals(List.of(entered.get(2)), repository.notYetInHistory(entered));
        assertEquals(List.of(), repository.notYetInHistory(entered.subList(0, 2)));
    }

    /** Moves the order through {@code statuses}, a second apart, as a chain would; the order after each move. */
    private List<Order> movedThrough(Order order, OrderStatus... statuses) {
        List<Order> entered = new ArrayList<>();
        Order at = order;
        for (OrderStatus to : statuses) {
            StatusTransition move = StatusTransition.of(at, to, "to " + to, at.updatedAt().plusSeconds(1), true);
            assertTrue(repository.applyTransition(move));
            at = move.applyTo(at);
            entered.add(at);
        }
        return entered;
    }

    @Test
    void aHistoryRecordOfOneStatusWrittenBeforeRecordsHeldSeveralIsStillRead() {
        Order order = order(T0);
        repository.create(order, "fp");
        assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, "all checks passed", T0.plusSeconds(1))));
        dynamoDb.putItem(r -> r.tableName(tables.orders()).item(Map.of(
                Tables.Orders.PARTITION_KEY, AttributeValue.fromS(order.orderId()),
                Tables.Orders.SORT_KEY, AttributeValue.fromS("TRANSITION#000001"),
                "to_status", AttributeValue.fromS("VALIDATED"),
                "at", AttributeValue.fromS("2026-01-01T00:00:01.000Z"),
                "reason", AttributeValue.fromS("recorded the old way"))));

        var history = repository.findWithHistory(order.orderId()).orElseThrow().history();

        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED), history.stream().map(change -> change.status()).toList());
        assertEquals("recorded the old way", history.get(1).reason());
    }

    @Test
    void aRepeatedOrStaleTransitionChangesNothing() {
        Order order = order(T0);
        repository.create(order, "fp");
        var validate = new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, null, T0.plusSeconds(1));
        repository.applyTransition(validate);

        assertFalse(repository.applyTransition(validate), "delivered twice");
        assertFalse(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATION_FAILED, "late", T0.plusSeconds(2))));
        assertFalse(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.VALIDATED, 0, OrderStatus.INVENTORY_RESERVED, null, T0.plusSeconds(2))), "wrong version");

        var history = repository.findWithHistory(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.VALIDATED, history.order().status());
        assertEquals(2, history.history().size());
        assertEquals(1, TestTables.countItems(dynamoDb, tables.orders()), "the order alone: its history is recorded by the stream processor");
    }

    @Test
    void aTransitionOfAMissingOrderChangesNothing() {
        assertFalse(repository.applyTransition(new StatusTransition(UUID.randomUUID().toString(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, null, T0)));
        assertEquals(0, TestTables.countItems(dynamoDb, tables.orders()));
    }
}
