package io.serverlessorch.orders;

import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.storage.dynamodb.DynamoOrderRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OrderService#place} with keys scoped to callers, and orders placed before they were, on DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class CallerScopedIdempotencyTest {

    private static final Caller ALICE = Caller.of("arn:aws:iam::111111111111:user/alice");
    private static final Caller BOB = Caller.of("arn:aws:iam::222222222222:user/bob");
    private static final OrderDraft ORDER = RequestFingerprintTest.draft(2, "5.00", "tok_visa");
    private static final OrderDraft OTHER_ORDER = RequestFingerprintTest.draft(3, "5.00", "tok_visa");
    private static final Instant DEPLOYED = Instant.parse("2026-12-07T12:00:00Z");

    private DynamoDbClient dynamoDb;
    private TableNames tables;
    private DynamoOrderRepository repository;
    private final AtomicInteger placed = new AtomicInteger();

    @BeforeEach
    void start(URI endpoint) {
        dynamoDb = TestTables.client(endpoint);
        tables = TestTables.create(dynamoDb);
        repository = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(1));
    }

    @Test
    void twoCallersWithOneKeyPlaceTwoOrders() {
        OrderService service = service(DEPLOYED, Duration.ofHours(24));

        OrderService.PlacedOrder alices = service.place(ORDER, Optional.of("1"), ALICE);
        OrderService.PlacedOrder bobs = service.place(OTHER_ORDER, Optional.of("1"), BOB);

        assertTrue(alices.created());
        assertTrue(bobs.created());
        assertNotEquals(alices.order().orderId(), bobs.order().orderId());
        assertEquals(2, placed.get());
    }

    @Test
    void aCallersKeyWithAnotherRequestIsRefusedAndStoresNothing() {
        OrderService service = service(DEPLOYED, Duration.ofHours(24));
        OrderService.PlacedOrder first = service.place(ORDER, Optional.of("1"), ALICE);
        OrderService.PlacedOrder retry = service.place(ORDER, Optional.of("1"), ALICE);
        int items = TestTables.countItems(dynamoDb, tables.orders());

        assertThrows(IdempotencyKeyReusedException.class, () -> service.place(OTHER_ORDER, Optional.of("1"), ALICE));

        assertFalse(retry.created());
        assertEquals(first.order().orderId(), retry.order().orderId());
        assertEquals(items, TestTables.countItems(dynamoDb, tables.orders()));
        assertEquals(1, placed.get());
    }

    @Test
    void anAnonymousKeyPlacesTheOrderItsKeyAlwaysPlaced() {
        String before = UUID.nameUUIDFromBytes(("idempotency-key:" + "k-1").getBytes(StandardCharsets.UTF_8)).toString();

        assertEquals(before, OrderService.orderIdForKey(Caller.ANONYMOUS, "k-1"));
        assertNotEquals(before, OrderService.orderIdForKey(ALICE, "k-1"));
    }

    @Test
    void noKeyCanBeWrittenToDeriveAnotherCallersOrder() {
        // Another prefix and the principal's length: neither an anonymous key nor another principal's reaches it.
        String alices = OrderService.orderIdForKey(Caller.of("a"), "b:c");

        assertNotEquals(alices, OrderService.orderIdForKey(Caller.of("a:b"), "c"));
        assertNotEquals(alices, OrderService.orderIdForKey(Caller.ANONYMOUS, "caller-idempotency-key:1:a:b:c"));
    }

    @Test
    void withinTheWindowARetryFindsTheOrderItsKeyPlacedBeforeKeysWereScoped() {
        OrderService.PlacedOrder before = service(DEPLOYED.minus(Duration.ofHours(1)), Duration.ZERO).place(ORDER, Optional.of("k"), Caller.ANONYMOUS);

        OrderService.PlacedOrder retry = service(DEPLOYED, Duration.ofHours(24)).place(ORDER, Optional.of("k"), ALICE);

        assertFalse(retry.created());
        assertEquals(before.order().orderId(), retry.order().orderId());
        assertEquals(OrderStatus.PENDING, retry.order().status());
        assertEquals(1, TestTables.countItems(dynamoDb, tables.orders()));
    }

    @Test
    void anotherRequestWithAKeyUsedBeforeIsANewOrderNotAConflict() {
        service(DEPLOYED.minus(Duration.ofHours(1)), Duration.ZERO).place(ORDER, Optional.of("k"), Caller.ANONYMOUS);

        OrderService.PlacedOrder other = service(DEPLOYED, Duration.ofHours(24)).place(OTHER_ORDER, Optional.of("k"), BOB);

        assertTrue(other.created());
        assertEquals(2, TestTables.countItems(dynamoDb, tables.orders()));
    }

    @Test
    void pastTheWindowOrWithTheLookTurnedOffTheOrderPlacedBeforeIsNotFound() {
        OrderService.PlacedOrder before = service(DEPLOYED.minus(Duration.ofHours(25)), Duration.ZERO).place(ORDER, Optional.of("k"), Caller.ANONYMOUS);

        OrderService.PlacedOrder late = service(DEPLOYED, Duration.ofHours(24)).place(ORDER, Optional.of("k"), ALICE);
        OrderService.PlacedOrder off = service(DEPLOYED, Duration.ZERO).place(ORDER, Optional.of("k"), BOB);

        assertTrue(late.created());
        assertTrue(off.created());
        assertNotEquals(before.order().orderId(), late.order().orderId());
        assertNotEquals(before.order().orderId(), off.order().orderId());
    }

    private OrderService service(Instant now, Duration legacyKeyWindow) {
        return new OrderService(repository, new CountingMetrics(placed), Clock.fixed(now, ZoneOffset.UTC), legacyKeyWindow);
    }

    private record CountingMetrics(AtomicInteger placed) implements OrderMetrics {
        @Override
        public void orderPlaced() {
            placed.incrementAndGet();
        }

        @Override
        public void orderSignalled(OrderStatus to, String reasonCode) {
        }

        @Override
        public void unreadableOrderSkipped() {
        }

        @Override
        public void storageUnavailable(String reason) {
        }
    }
}
