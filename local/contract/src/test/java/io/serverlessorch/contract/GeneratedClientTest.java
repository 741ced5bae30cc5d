package io.serverlessorch.contract;

import io.serverlessorch.client.ApiClient;
import io.serverlessorch.client.ApiException;
import io.serverlessorch.client.api.HealthApi;
import io.serverlessorch.client.api.OrdersApi;
import io.serverlessorch.client.model.Address;
import io.serverlessorch.client.model.CancelOrderRequest;
import io.serverlessorch.client.model.CreateOrderRequest;
import io.serverlessorch.client.model.Customer;
import io.serverlessorch.client.model.Order;
import io.serverlessorch.client.model.OrderLineRequest;
import io.serverlessorch.client.model.OrderPage;
import io.serverlessorch.client.model.OrderStatus;
import io.serverlessorch.client.model.PaymentRequest;
import io.serverlessorch.client.model.Problem;
import io.serverlessorch.local.LocalSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client generated from the OpenAPI document (openapi-generator, library native) against a local run:
 * if the document says something the API does not do, a typed call here fails to send or to read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientTest {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "CANCELLED", "VALIDATION_FAILED", "OUT_OF_STOCK", "PAYMENT_FAILED", "FAILED");

    private LocalSystem system;
    private ApiClient client;
    private OrdersApi orders;

    @BeforeAll
    void start() {
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
        client = new ApiClient();
        client.updateBaseUri(system.apiUrl().toString().replaceAll("/$", ""));
        orders = new OrdersApi(client);
    }

    @AfterAll
    void stop() {
        system.close();
    }

    @Test
    void placesReadsAndCancelsAnOrder() throws Exception {
        // given an order placed with the typed request model
        Order placed = orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                .createOrderRequest(order("cust-client-1", "product-3", 2, "149.50")).build());
        assertNotNull(placed.getOrderId());
        assertEquals(OrderStatus.PENDING, placed.getStatus());
        assertEquals(new BigDecimal("299.00"), placed.getTotal());

        // when it is read back
        Order read = orders.getOrder(OrdersApi.APIGetOrderRequest.newBuilder().orderId(placed.getOrderId()).build());

        // then every field the client reads is the one it sent
        assertEquals(placed.getOrderId(), read.getOrderId());
        assertEquals("cust-client-1", read.getCustomer().getCustomerId());
        assertEquals("product-3", read.getItems().get(0).getProductId());
        assertEquals(2, read.getItems().get(0).getQuantity());
        assertEquals(new BigDecimal("299.00"), read.getItems().get(0).getLineTotal());
        assertEquals("US", read.getShippingAddress().getCountry());
        assertFalse(read.getHistory().isEmpty(), "a single order carries its history");
        assertNotNull(read.getCreatedAt());

        // when it is cancelled, with a reason
        Order cancelled = orders.cancelOrder(OrdersApi.APICancelOrderRequest.newBuilder().orderId(placed.getOrderId())
                .cancelOrderRequest(new CancelOrderRequest().reason("changed my mind")).build());

        // then it is CANCELLED, and so it reads
        assertEquals(OrderStatus.CANCELLED, cancelled.getStatus());
        assertEquals(OrderStatus.CANCELLED, get(placed.getOrderId()).getStatus());
        assertTrue(cancelled.getStatusReason().contains("changed my mind"), cancelled.getStatusReason());
    }

    @Test
    void cancelsWithoutAReason() throws Exception {
        // given a waiting order
        Order placed = orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                .createOrderRequest(order("cust-client-quiet", "product-3", 1, "149.50")).build());

        // when it is cancelled with no body (the generated client then sends JSON's null)
        Order cancelled = orders.cancelOrder(OrdersApi.APICancelOrderRequest.newBuilder().orderId(placed.getOrderId()).build());

        // then it is CANCELLED by the customer, with no words of theirs
        assertEquals(OrderStatus.CANCELLED, cancelled.getStatus());
        assertEquals("cancelled by the customer", cancelled.getStatusReason());
    }

    @Test
    void listsByStatusAndPagesToTheEnd() throws Exception {
        // given five orders of one customer
        Set<String> placed = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            placed.add(orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                    .createOrderRequest(order("cust-pages", "product-1", 1, "19.99"))
                    .idempotencyKey("pages-" + UUID.randomUUID()).build()).getOrderId());
        }

        // when every order is listed two at a time, following next_token
        List<String> seen = new ArrayList<>();
        int pages = 0;
        String token = null;
        do {
            OrderPage page = orders.listOrders(OrdersApi.APIListOrdersRequest.newBuilder().limit(2).nextToken(token).build());
            assertTrue(page.getOrders().size() <= 2, "a page holds at most limit orders");
            page.getOrders().forEach(o -> seen.add(o.getOrderId()));
            token = page.getNextToken();
            pages++;
        } while (token != null && pages < 100);

        // then the pages end, hold each order once and hold all five
        assertNull(token, "the last page has no next_token");
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no order is listed twice: " + seen);
        assertTrue(seen.containsAll(placed), "every order placed is listed: " + seen);
        assertTrue(pages >= 3, "five orders two at a time take at least three pages, took " + pages);

        // and a listing by status, typed with the document's enum, holds only that status
        OrderPage cancelled = orders.listOrders(OrdersApi.APIListOrdersRequest.newBuilder()
                .status(OrderStatus.CANCELLED).limit(100).build());
        cancelled.getOrders().forEach(o -> assertEquals(OrderStatus.CANCELLED, o.getStatus()));

        // and the customer's own listing holds exactly their five orders, newest first
        OrderPage theirs = orders.listOrders(OrdersApi.APIListOrdersRequest.newBuilder().customerId("cust-pages").limit(100).build());
        assertEquals(placed, new HashSet<>(theirs.getOrders().stream().map(Order::getOrderId).toList()));
        List<OffsetDateTime> created = theirs.getOrders().stream().map(Order::getCreatedAt).toList();
        assertEquals(created.stream().sorted(Comparator.reverseOrder()).toList(), created, "newest first");
        assertNull(theirs.getNextToken(), "five orders fit one page of 100");
    }

    @Test
    void theHealthIsUp() throws Exception {
        assertEquals("UP", String.valueOf(new HealthApi(client).getHealth().getStatus()));
    }

    @Test
    void anInvalidBodyIsATyped400NamingEachField() throws Exception {
        // given an order with no customer, no items and a lower-case country
        CreateOrderRequest invalid = order("cust-bad", "product-1", 1, "19.99").customer(null).items(List.of());
        invalid.getShippingAddress().setCountry("us");

        // when it is placed
        ApiException refused = assertThrows(ApiException.class, () -> orders.placeOrder(
                OrdersApi.APIPlaceOrderRequest.newBuilder().createOrderRequest(invalid).build()));

        // then it is a 400 problem, read into the generated Problem model, naming each bad field
        Problem problem = problem(refused, 400);
        List<String> fields = new ArrayList<>();
        problem.getErrors().forEach(e -> fields.add(e.getField()));
        assertTrue(fields.stream().anyMatch(f -> f.contains("customer")), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.contains("items")), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.contains("country")), fields.toString());
    }

    @Test
    void anUnknownOrderIsATyped404() {
        ApiException refused = assertThrows(ApiException.class,
                () -> orders.getOrder(OrdersApi.APIGetOrderRequest.newBuilder().orderId("no-such-order").build()));
        problem(refused, 404);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherOrderIsATyped409() throws Exception {
        // given an order placed under a key
        String key = "client-" + UUID.randomUUID();
        Order first = orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                .createOrderRequest(order("cust-key", "product-1", 1, "19.99")).idempotencyKey(key).build());

        // when the same order is sent again under it, it is the same order
        Order again = orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                .createOrderRequest(order("cust-key", "product-1", 1, "19.99")).idempotencyKey(key).build());
        assertEquals(first.getOrderId(), again.getOrderId());

        // and when another order is sent under it, it is a 409
        ApiException refused = assertThrows(ApiException.class, () -> orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                .createOrderRequest(order("cust-key", "product-1", 2, "19.99")).idempotencyKey(key).build()));
        problem(refused, 409);
    }

    @Test
    void cancellingAnOrderThatEndedOtherwiseIsATyped409() throws Exception {
        // given an order for a product out of stock, left to the pipeline until it ends
        String orderId = orders.placeOrder(OrdersApi.APIPlaceOrderRequest.newBuilder()
                .createOrderRequest(order("cust-soldout", "product-soldout", 1, "299.00")).build()).getOrderId();
        assertEquals("OUT_OF_STOCK", awaitEnd(orderId));

        // when it is cancelled, then it is a 409 problem
        ApiException refused = assertThrows(ApiException.class,
                () -> orders.cancelOrder(OrdersApi.APICancelOrderRequest.newBuilder().orderId(orderId)
                        .cancelOrderRequest(new CancelOrderRequest().reason("too late")).build()));
        assertTrue(problem(refused, 409).getDetail().contains("OUT_OF_STOCK"), refused.getResponseBody());
    }

    /** The order's status once the pipeline has left it in a terminal one; gives up after a minute. */
    private String awaitEnd(String orderId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String status;
        do {
            status = String.valueOf(get(orderId).getStatus());
            if (TERMINAL.contains(status)) {
                return status;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("order " + orderId + " did not end within a minute: " + status);
    }

    private Order get(String orderId) throws ApiException {
        return orders.getOrder(OrdersApi.APIGetOrderRequest.newBuilder().orderId(orderId).build());
    }

    /** The refusal's body, read into the generated Problem model: its status is the code, and it says what was wrong. */
    private Problem problem(ApiException refused, int code) {
        assertEquals(code, refused.getCode(), refused.getResponseBody());
        assertEquals("application/problem+json", refused.getResponseHeaders().firstValue("Content-Type").orElse(null));
        Problem problem;
        try {
            problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        } catch (IOException e) {
            throw new AssertionError("the body is no Problem: " + refused.getResponseBody(), e);
        }
        assertEquals(code, problem.getStatus());
        assertNotNull(problem.getTitle());
        assertFalse(problem.getDetail() == null || problem.getDetail().isBlank(), refused.getResponseBody());
        if (code == 400) {
            assertFalse(problem.getErrors() == null || problem.getErrors().isEmpty(), "a 400 names its fields: " + refused.getResponseBody());
        }
        return problem;
    }

    private static CreateOrderRequest order(String customerId, String productId, int quantity, String unitPrice) {
        return new CreateOrderRequest()
                .customer(new Customer().customerId(customerId).email(customerId + "@example.com").name("Client Test"))
                .items(new ArrayList<>(List.of(new OrderLineRequest().productId(productId).quantity(quantity).unitPrice(new BigDecimal(unitPrice)))))
                .shippingAddress(new Address().street("1 Main St").city("Town").postalCode("12345").country("US"))
                // tok_3ds: the provider asks the customer to confirm, so the order waits (PAYMENT_PENDING) and stays cancellable
                .payment(new PaymentRequest().paymentMethod(PaymentRequest.PaymentMethodEnum.CREDIT_CARD).cardToken("tok_3ds"));
    }
}
