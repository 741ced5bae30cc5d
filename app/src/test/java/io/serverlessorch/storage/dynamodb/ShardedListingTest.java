package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lists over sharded index keys read as one list: newest first, ties of creation time broken by order id,
 * every order exactly once across pages, whatever shard each order landed on.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ShardedListingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");
    private static final IndexKeys FOUR_SHARDS = new IndexKeys(4);
    /** Newest first, then the larger order id: the order every list promises. */
    private static final Comparator<Order> LISTED = Comparator.comparing(Order::createdAt)
            .thenComparing(Order::orderId).reversed();

    private DynamoDbClient dynamoDb;
    private TableNames tables;
    private DynamoOrderRepository repository;

    @BeforeEach
    void freshTables(URI endpoint) {
        dynamoDb = TestTables.client(endpoint);
        tables = TestTables.create(dynamoDb);
        repository = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(7), FOUR_SHARDS);
    }

    @Test
    void manyListingsAtOnceShareABoundedSetOfShardReaders() throws Exception {
        DynamoOrderRepository sixtyFourShards = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(7), new IndexKeys(64));
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            // 20 listings of 64 shards each: 1,280 shard reads asked for at once.
            List<Future<OrderPage>> listings = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                listings.add(clients.submit(() -> sixtyFourShards.list(Optional.empty(), 10, Optional.empty())));
            }
            for (Future<OrderPage> listing : listings) {
                assertEquals(List.of(), listing.get().orders());
            }
        } finally {
            clients.shutdown();
        }
        long readers = Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(ShardedIndex.READER_THREAD)).count();
        assertTrue(readers > 0 && readers <= ShardedIndex.MOST_READERS, readers + " shard reader threads");
    }

    @Test
    void aPageOfABusyListingIsOneQueryPerShard(URI endpoint) {
        // 40 orders, each in its own millisecond: every shard holds more than a page of 3
        for (int i = 0; i < 40; i++) {
            place(T0.plusMillis(i));
        }
        AtomicInteger queries = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query && Orders.CREATION_INDEX.equals(query.indexName())) {
                    queries.incrementAndGet();
                }
            }
        };
        DynamoDbClient counted = TestTables.client(endpoint, counter);
        DynamoOrderRepository listing = new DynamoOrderRepository(counted, tables.orders(), Duration.ZERO, Duration.ofDays(7), FOUR_SHARDS);

        OrderPage first = listing.list(Optional.empty(), 3, Optional.empty());
        OrderPage second = listing.list(Optional.empty(), 3, first.nextToken());

        assertEquals(3, first.orders().size());
        assertEquals(3, second.orders().size());
        assertEquals(2 * 4, queries.get(), "one Query per shard and page");
    }

    @Test
    void ordersPlacedInTheSameMillisecondsPageNewestFirstWithoutRepeatsOrGaps() {
        // 60 orders over 6 instants: ten-way ties, spread across the 4 shards.
        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            placed.add(place(T0.plusMillis(i % 6)));
        }

        List<String> listed = everyPage(Optional.empty(), 7);

        assertEquals(ids(placed.stream().sorted(LISTED).toList()), listed);
        Set<String> shardsUsed = new HashSet<>();
        placed.forEach(order -> shardsUsed.add(OrderItems.str(stored(order), Orders.CREATION_INDEX_PARTITION_KEY)));
        assertEquals(Set.of("ALL#0", "ALL#1", "ALL#2", "ALL#3"), shardsUsed);
    }

    @Test
    void anEndStatusListsOnlyItsOwnOrdersInOrder() {
        List<Order> failed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Order order = place(T0.plusMillis(i % 5));
            if (i % 2 == 0) {
                move(order, OrderStatus.PENDING, 0, OrderStatus.FAILED);
                failed.add(order);
            }
        }

        assertEquals(ids(failed.stream().sorted(LISTED).toList()), everyPage(Optional.of(OrderStatus.FAILED), 3));
    }

    @Test
    void inFlightStatusesShareOneIndexKeyAndAListKeepsOnlyItsStatus() {
        List<Order> validated = new ArrayList<>();
        List<Order> pending = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Order order = place(T0.plusMillis(i));
            if (i % 3 == 0) {
                move(order, OrderStatus.PENDING, 0, OrderStatus.VALIDATED);
                validated.add(order);
            } else {
                pending.add(order);
            }
        }

        assertEquals(ids(validated.stream().sorted(LISTED).toList()), everyPage(Optional.of(OrderStatus.VALIDATED), 4));
        assertEquals(ids(pending.stream().sorted(LISTED).toList()), everyPage(Optional.of(OrderStatus.PENDING), 4));
    }

    @Test
    void onlyTheMoveToAnEndStatusMovesTheIndexEntry() {
        Order order = place(T0);
        String shard = Integer.toString(FOUR_SHARDS.shardOf(order.orderId()));
        assertEquals("ACTIVE#" + shard, OrderItems.str(stored(order), Orders.STATUS_INDEX_PARTITION_KEY));

        move(order, OrderStatus.PENDING, 0, OrderStatus.VALIDATED);
        assertEquals("ACTIVE#" + shard, OrderItems.str(stored(order), Orders.STATUS_INDEX_PARTITION_KEY));

        move(order, OrderStatus.VALIDATED, 1, OrderStatus.OUT_OF_STOCK);
        assertEquals("OUT_OF_STOCK#" + shard, OrderItems.str(stored(order), Orders.STATUS_INDEX_PARTITION_KEY));
        assertEquals("ALL#" + shard, OrderItems.str(stored(order), Orders.CREATION_INDEX_PARTITION_KEY));
    }

    /**
     * An in-flight status reads a bounded number of active entries per page: when its orders are far down,
     * a page comes back short, even empty, with a token that leads on to them.
     */
    @Test
    void aRareInFlightStatusMayGiveAShortPageWhoseTokenLeadsOn() {
        Order oldest = place(T0);
        move(oldest, OrderStatus.PENDING, 0, OrderStatus.PAYMENT_COMPLETED);
        for (int i = 1; i <= DynamoOrderRepository.ACTIVE_ENTRIES_PER_PAGE + 10; i++) {
            place(T0.plusMillis(i));
        }

        OrderPage first = repository.list(Optional.of(OrderStatus.PAYMENT_COMPLETED), 5, Optional.empty());
        assertEquals(List.of(), first.orders());
        assertTrue(first.nextToken().isPresent());
        OrderPage second = repository.list(Optional.of(OrderStatus.PAYMENT_COMPLETED), 5, first.nextToken());
        assertEquals(List.of(oldest.orderId()), ids(second.orders()));
        assertTrue(second.nextToken().isEmpty());
    }

    @Test
    void anOrderAlwaysLandsOnTheSameShard() {
        // The shard is stored with the order: changing the hash would strand every order already written.
        assertEquals(9, new IndexKeys(32).shardOf("3f1c2a9e-0000-4000-8000-000000000001"));
        for (int i = 0; i < 100; i++) {
            String id = "order-" + i;
            int shard = FOUR_SHARDS.shardOf(id);
            assertTrue(shard >= 0 && shard < 4);
            assertEquals(shard, new IndexKeys(4).shardOf(id));
        }
    }

    private Order place(Instant createdAt) {
        Order order = DynamoOrderRepositoryTest.order(createdAt);
        repository.create(order, "fp");
        return order;
    }

    private void move(Order order, OrderStatus from, long version, OrderStatus to) {
        assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), from, version, to, null, T0.plusSeconds(60))));
    }

    private Map<String, AttributeValue> stored(Order order) {
        return dynamoDb.getItem(r -> r.tableName(tables.orders()).key(OrderItems.orderKey(order.orderId()))).item();
    }

    private List<String> everyPage(Optional<OrderStatus> status, int limit) {
        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = repository.list(status, limit, token);
            assertTrue(page.orders().size() <= limit);
            listed.addAll(ids(page.orders()));
            token = page.nextToken();
        } while (token.isPresent());
        return listed;
    }

    private static List<String> ids(List<Order> orders) {
        return orders.stream().map(Order::orderId).toList();
    }
}
