package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.InvalidPageTokenException;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One customer's orders from the customer index: newest first (ties of creation time by order id), every order of
 * that customer once across pages and no other customer's, one index Query a page, and tokens that work for that
 * customer and status only.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CustomerListingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");
    private static final Comparator<Order> LISTED = Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed();

    private DynamoDbClient dynamoDb;
    private TableNames tables;
    private DynamoOrderRepository repository;
    private final AtomicInteger customerIndexQueries = new AtomicInteger();

    @BeforeEach
    void freshTables(URI endpoint) {
        dynamoDb = countingClient(endpoint);
        tables = TestTables.create(dynamoDb);
        repository = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(7));
    }

    @Test
    void aCustomersOrdersComeNewestFirstAcrossPagesEachOnceAndNoOneElses() {
        List<Order> alices = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            alices.add(place("alice", T0.plusSeconds(i)));
            place("bob", T0.plusSeconds(i));
        }
        place("alice-2", T0.plusSeconds(100));

        List<String> listed = everyPage("alice", Optional.empty(), 5);

        assertEquals(ids(alices.stream().sorted(LISTED).toList()), listed);
        assertEquals(T0.plusSeconds(22), repository.listOfCustomer("alice", Optional.empty(), 1, Optional.empty()).orders().get(0).createdAt());
    }

    @Test
    void ordersPlacedInTheSameMillisecondPageByOrderIdWithoutRepeatsOrGaps() {
        // Seven-way ties: every page boundary falls inside a run of equal creation times.
        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            placed.add(place("carol", T0.plusMillis(i % 4)));
        }

        for (int limit : List.of(1, 3, 5, 7, 100)) {
            assertEquals(ids(placed.stream().sorted(LISTED).toList()), everyPage("carol", Optional.empty(), limit), "limit " + limit);
        }
    }

    @Test
    void eachPageIsOneQueryOfTheCustomerIndex() {
        for (int i = 0; i < 12; i++) {
            place("dave", T0.plusSeconds(i));
        }
        customerIndexQueries.set(0);

        int pages = 0;
        Optional<String> token = Optional.empty();
        do {
            token = repository.listOfCustomer("dave", Optional.empty(), 5, token).nextToken();
            pages++;
        } while (token.isPresent());

        assertEquals(3, pages, "5 + 5 + 2, and no empty last page");
        assertEquals(3, customerIndexQueries.get());
    }

    @Test
    void aPageExactlyFullHasNoNextTokenAndACustomerWithoutOrdersHasAnEmptyPage() {
        for (int i = 0; i < 4; i++) {
            place("erin", T0.plusSeconds(i));
        }

        OrderPage full = repository.listOfCustomer("erin", Optional.empty(), 4, Optional.empty());
        OrderPage nobody = repository.listOfCustomer("nobody", Optional.empty(), 20, Optional.empty());

        assertEquals(4, full.orders().size());
        assertTrue(full.nextToken().isEmpty());
        assertEquals(List.of(), nobody.orders());
        assertTrue(nobody.nextToken().isEmpty());
    }

    @Test
    void aStatusKeepsOnlyThatStatusAndAPageMayHoldFewerThanTheLimit() {
        List<Order> cancelled = new ArrayList<>();
        List<Order> pending = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            Order order = place("frank", T0.plusSeconds(i));
            if (i % 3 == 0) {
                assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.CANCELLED,
                        "cancelled by the customer", T0.plusSeconds(60))));
                cancelled.add(order);
            } else {
                pending.add(order);
            }
            Order others = place("grace", T0.plusSeconds(i));
            repository.applyTransition(new StatusTransition(others.orderId(), OrderStatus.PENDING, 0, OrderStatus.CANCELLED, null, T0.plusSeconds(60)));
        }

        OrderPage first = repository.listOfCustomer("frank", Optional.of(OrderStatus.CANCELLED), 4, Optional.empty());

        assertTrue(first.orders().size() < 4, "the newest 4 of frank's orders hold fewer than 4 cancelled ones: " + first.orders().size());
        assertTrue(first.nextToken().isPresent());
        assertEquals(ids(cancelled.stream().sorted(LISTED).toList()), everyPage("frank", Optional.of(OrderStatus.CANCELLED), 4));
        assertEquals(ids(pending.stream().sorted(LISTED).toList()), everyPage("frank", Optional.of(OrderStatus.PENDING), 4));
        assertEquals(List.of(), everyPage("frank", Optional.of(OrderStatus.COMPLETED), 4));
    }

    @Test
    void aTokenWorksOnlyForTheCustomerAndStatusThatGotIt() {
        for (int i = 0; i < 3; i++) {
            place("heidi", T0.plusSeconds(i));
            place("ivan", T0.plusSeconds(i));
        }
        String heidis = repository.listOfCustomer("heidi", Optional.empty(), 1, Optional.empty()).nextToken().orElseThrow();
        String heidisPending = repository.listOfCustomer("heidi", Optional.of(OrderStatus.PENDING), 1, Optional.empty()).nextToken().orElseThrow();
        String allOrders = repository.list(Optional.empty(), 1, Optional.empty()).nextToken().orElseThrow();
        String allPending = repository.list(Optional.of(OrderStatus.PENDING), 1, Optional.empty()).nextToken().orElseThrow();

        assertEquals(1, repository.listOfCustomer("heidi", Optional.empty(), 1, Optional.of(heidis)).orders().size());
        assertThrows(InvalidPageTokenException.class, () -> repository.listOfCustomer("ivan", Optional.empty(), 1, Optional.of(heidis)));
        assertThrows(InvalidPageTokenException.class, () -> repository.listOfCustomer("heidi", Optional.of(OrderStatus.PENDING), 1, Optional.of(heidis)));
        assertThrows(InvalidPageTokenException.class, () -> repository.listOfCustomer("heidi", Optional.empty(), 1, Optional.of(heidisPending)));
        assertThrows(InvalidPageTokenException.class, () -> repository.list(Optional.empty(), 1, Optional.of(heidis)));
        assertThrows(InvalidPageTokenException.class, () -> repository.list(Optional.of(OrderStatus.PENDING), 1, Optional.of(heidisPending)));
        assertThrows(InvalidPageTokenException.class, () -> repository.listOfCustomer("heidi", Optional.empty(), 1, Optional.of(allOrders)));
        assertThrows(InvalidPageTokenException.class, () -> repository.listOfCustomer("heidi", Optional.of(OrderStatus.PENDING), 1, Optional.of(allPending)));
    }

    @Test
    void onlyTheOrderItemCarriesTheCustomerIndexKey() {
        Order order = place("judy", T0);
        assertTrue(repository.applyTransition(new StatusTransition(order.orderId(), OrderStatus.PENDING, 0, OrderStatus.VALIDATED, null, T0.plusSeconds(1))));
        repository.recordHistory(List.of(repository.findWithHistory(order.orderId()).orElseThrow().order()));

        List<Map<String, AttributeValue>> items = dynamoDb.query(r -> r.tableName(tables.orders())
                .keyConditionExpression("#pk = :id")
                .expressionAttributeNames(Map.of("#pk", Orders.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(order.orderId())))).items();

        assertEquals(2, items.size(), "the order and its history record");
        for (Map<String, AttributeValue> item : items) {
            assertEquals(OrderItems.isOrder(item), item.containsKey(Orders.CUSTOMER_ID), item.toString());
        }
        assertEquals("judy", OrderItems.str(items.stream().filter(OrderItems::isOrder).findFirst().orElseThrow(), Orders.CUSTOMER_ID));
        assertEquals(List.of(order.orderId()), everyPage("judy", Optional.empty(), 20));
    }

    @Test
    void theBackfillListsOrdersStoredBeforeTheIndexOnceAndChangesNothingElse() {
        Order older = place("kim", T0);
        Order newer = place("kim", T0.plusSeconds(1));
        // As an order placed before the index was stored: no top-level customer_id.
        dynamoDb.updateItem(r -> r.tableName(tables.orders()).key(OrderItems.orderKey(older.orderId()))
                .updateExpression("REMOVE #customerId").expressionAttributeNames(Map.of("#customerId", Orders.CUSTOMER_ID)));
        Map<String, AttributeValue> before = stored(older);
        assertEquals(List.of(newer.orderId()), everyPage("kim", Optional.empty(), 20), "an order stored before the index is not in it");

        CustomerIndexBackfill.Result first = new CustomerIndexBackfill(dynamoDb, tables.orders()).run();
        CustomerIndexBackfill.Result again = new CustomerIndexBackfill(dynamoDb, tables.orders()).run();

        assertEquals(new CustomerIndexBackfill.Result(1, 1, 0), first);
        assertEquals(new CustomerIndexBackfill.Result(0, 0, 0), again);
        assertEquals(List.of(newer.orderId(), older.orderId()), everyPage("kim", Optional.empty(), 20));
        Map<String, AttributeValue> after = new java.util.HashMap<>(stored(older));
        assertEquals(AttributeValue.fromS("kim"), after.remove(Orders.CUSTOMER_ID));
        assertEquals(before, after, "the backfill adds customer_id and nothing else");
        assertEquals(2, TestTables.countItems(dynamoDb, tables.orders()), "no item created");
    }

    private Order place(String customerId, Instant createdAt) {
        Order template = DynamoOrderRepositoryTest.order(createdAt);
        OrderDraft draft = new OrderDraft(new Customer(customerId, customerId + "@example.com", customerId),
                template.items(), template.shippingAddress(), template.payment());
        Order order = Order.place(template.orderId(), draft, createdAt);
        assertTrue(repository.create(order, "fp").created());
        return order;
    }

    private Map<String, AttributeValue> stored(Order order) {
        return dynamoDb.getItem(r -> r.tableName(tables.orders()).key(OrderItems.orderKey(order.orderId())).consistentRead(true)).item();
    }

    private List<String> everyPage(String customerId, Optional<OrderStatus> status, int limit) {
        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            OrderPage page = repository.listOfCustomer(customerId, status, limit, token);
            assertTrue(page.orders().size() <= limit);
            page.orders().forEach(order -> {
                assertEquals(customerId, order.customer().customerId());
                status.ifPresent(wanted -> assertEquals(wanted, order.status()));
            });
            listed.addAll(ids(page.orders()));
            token = page.nextToken();
            assertFalse(++pages > 1_000, "the pages never end");
        } while (token.isPresent());
        return listed;
    }

    private static List<String> ids(List<Order> orders) {
        return orders.stream().map(Order::orderId).toList();
    }

    /** A client that counts the Queries of the customer index. */
    private DynamoDbClient countingClient(URI endpoint) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query && Orders.CUSTOMER_INDEX.equals(query.indexName())) {
                    customerIndexQueries.incrementAndGet();
                }
            }
        };
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.addExecutionInterceptor(counter))
                .build();
    }
}
