package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Product;
import io.serverlessorch.local.RawHttp.Request;
import io.serverlessorch.local.RawHttp.Response;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.serverlessorch.local.RawHttp.assertProblem;
import static io.serverlessorch.local.RawHttp.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /orders/{order_id}/cancel} as a hostile client would probe it, through the local system's HTTP front
 * door: a bad body, an order that has ended or been handed to fulfillment, an id no order has. Each is refused
 * with a problem that says what is wrong, and leaves the order exactly as it was (as GET shows it, history
 * included, and item for item in the table: no refund, no release, no second message). Cancels that are taken, with
 * and without a body, show the refusals are not passing for the wrong reason.
 */
class CancelRefusalsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PIPELINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one product only the cancels that are taken order, so its stock shows what they hold and release. */
    private static final String LIMITED = "product-limited";

    private static LocalSystem system;
    private static OrderScenarios orders;
    /** An order in PAYMENT_PENDING: cancellable, so a bad body is all that stands between it and CANCELLED. */
    private static String cancellable;
    private static String completed;
    private static String validationFailed;
    private static String outOfStock;
    private static String paymentFailed;
    private static String failed;

    @BeforeAll
    static void startWithOrdersInEveryKindOfStatus() {
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
        orders = new OrderScenarios(system.apiUrl());
        cancellable = orders.place(order("product-3", "149.50", "tok_3ds"));
        completed = orders.place(order("product-1", "19.99", "tok_visa"));
        validationFailed = orders.place(order("product-1", "1.00", "tok_visa"));
        outOfStock = orders.place(order("product-soldout", "299.00", "tok_visa"));
        paymentFailed = orders.place(order("product-2", "5.00", "tok_declined"));
        failed = orders.place(order("product-2", "5.00", "tok_unavailable"));
        orders.awaitStatus(cancellable, OrderStatus.PAYMENT_PENDING, PIPELINE);
        assertEquals("COMPLETED", orders.awaitOutcome(completed, PIPELINE).get("status").asText());
        assertEquals("VALIDATION_FAILED", orders.awaitOutcome(validationFailed, PIPELINE).get("status").asText());
        assertEquals("OUT_OF_STOCK", orders.awaitOutcome(outOfStock, PIPELINE).get("status").asText());
        assertEquals("PAYMENT_FAILED", orders.awaitOutcome(paymentFailed, PIPELINE).get("status").asText());
        assertEquals("FAILED", orders.awaitOutcome(failed, PIPELINE).get("status").asText());
        assertTrue(system.awaitPipelineIdle(PIPELINE));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The refusals

    @ParameterizedTest(name = "{0}")
    @MethodSource({"bodies", "framing", "orders"})
    void aBadCancelIsRefusedWithAProblemAndChangesNothing(BadCancel bad) throws Exception {
        // given: the order as GET shows it and as the table holds it
        String orderId = bad.orderId().get();
        JsonNode shownBefore = orders.get(orderId);
        List<Map<String, AttributeValue>> storedBefore = StoredItems.of(system, orderId);

        // when
        Response response = exchange(system.apiUrl(), bad.request().apply(orderId), READ_TIMEOUT);

        // then: a problem that says what is wrong
        assertProblem(response, bad.status(), bad.phrase());
        // and nothing moved, was released, refunded, voided or sent, now or by the pipeline afterwards
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        JsonNode shownAfter = orders.get(orderId);
        assertEquals(shownBefore, shownAfter);
        assertEquals(storedBefore, StoredItems.of(system, orderId));
        if (shownBefore.has("status")) {
            assertEquals(shownBefore.get("status"), shownAfter.get("status"));
            assertFalse(shownAfter.path("payment").hasNonNull("refunded_at"), shownAfter::toString);
            assertFalse(shownAfter.path("payment").hasNonNull("voided_at"), shownAfter::toString);
        }
    }

    static Stream<BadCancel> bodies() {
        return Stream.of(
                refused("adds a field besides reason", json("{\"reason\": \"changed my mind\", \"refund\": true}"), 400,
                        "unknown field 'refund'"),
                refused("sends JSON cut off in the middle", json("{\"reason\": "), 400, "The body is not a valid request"),
                refused("sends a JSON array", json("[]"), 400, "expected an object but found an array"),
                refused("sends the reason as a number", json("{\"reason\": 5}"), 400, "reason"),
                refused("sends the reason as an object", json("{\"reason\": {\"text\": \"no\"}}"), 400, "reason"),
                refused("escapes a newline in the reason", json("{\"reason\": \"changed\\nmy mind\"}"), 400, "control character"),
                refused("puts a raw line break in the reason", json("{\"reason\": \"changed\nmy mind\"}"), 400, "The body is not"),
                refused("escapes a line separator in the reason", json("{\"reason\": \"changed\\u2028my mind\"}"), 400,
                        "line or paragraph separator"),
                refused("sends a reason of 501 characters", json(reason("r".repeat(501))), 400, "at most 500 characters"),
                refused("sends a reason of 501 emoji", json(reason("\uD83D\uDE00".repeat(501))), 400, "at most 500 characters"),
                refused("sends a blank reason", json(reason("   ")), 400, "must be one line of text, not blank"),
                refused("sends an empty reason", json(reason("")), 400, "must be one line of text, not blank"),
                refused("sends the reason twice", json("{\"reason\": \"a\", \"reason\": \"b\"}"), 400, "appears twice"),
                refused("sends text after the JSON document", json(reason("no longer needed") + " {}"), 400, "one JSON document"),
                refused("hides a NUL in the reason", json("{\"reason\": \"no\\u0000longer\"}"), 400, "control character"),
                refused("reverses the text direction in the reason", json("{\"reason\": \"no\\u202Elonger\"}"), 400, "bidirectional control"));
    }

    static Stream<BadCancel> framing() {
        return Stream.of(
                refused("sends its reason as text/plain", orderId -> cancel(orderId, utf8(reason("no longer needed")), "Content-Type: text/plain"),
                        415, "text/plain"),
                refused("sends a body with no Content-Type", orderId -> cancel(orderId, utf8(reason("no longer needed"))), 415,
                        "Content-Type: application/json"),
                refused("sends a form", orderId -> cancel(orderId, utf8("reason=no"), "Content-Type: application/x-www-form-urlencoded"), 415,
                        "application/x-www-form-urlencoded"),
                refused("sends its body as UTF-16", orderId -> cancel(orderId, reason("no longer needed").getBytes(StandardCharsets.UTF_16LE),
                        "Content-Type: application/json; charset=UTF-16LE"), 415, "Send the body as UTF-8"),
                refused("says the body is gzip-compressed", orderId -> cancel(orderId, utf8(reason("no")), "Content-Type: application/json",
                        "Content-Encoding: gzip"), 415, "Content-Encoding gzip is not supported"),
                refused("sends Content-Type twice", orderId -> cancel(orderId, utf8(reason("no")), "Content-Type: application/json",
                        "Content-Type: application/json"), 400, "Content-Type header once"),
                refused("sends a body over 64 KiB", json(reason("no") + " ".repeat(70_000)), 413, "at most 65536 are accepted"));
    }

    static Stream<BadCancel> orders() {
        return Stream.of(
                refusedFor("cancels a COMPLETED order", () -> completed, noBody(), 409,
                        "has been handed to fulfillment (it is COMPLETED) and can no longer be cancelled"),
                refusedFor("cancels a COMPLETED order with a reason", () -> completed, json(reason("too late?")), 409,
                        "has been handed to fulfillment (it is COMPLETED)"),
                refusedFor("cancels a VALIDATION_FAILED order", () -> validationFailed, noBody(), 409, "already ended VALIDATION_FAILED"),
                refusedFor("cancels an OUT_OF_STOCK order", () -> outOfStock, noBody(), 409, "already ended OUT_OF_STOCK"),
                refusedFor("cancels a PAYMENT_FAILED order", () -> paymentFailed, json(reason("never mind")), 409, "already ended PAYMENT_FAILED"),
                refusedFor("cancels a FAILED order", () -> failed, noBody(), 409, "already ended FAILED"),
                refusedFor("cancels an order nobody placed", CancelRefusalsTest::nobodysOrder, noBody(), 404, "No order has the id"),
                refusedFor("cancels an id that is not an order id", () -> "not-an-order", noBody(), 404, "No order has the id 'not-an-order'"),
                refusedFor("cancels an id of 5,000 characters", () -> "x".repeat(5000), noBody(), 404, "..."));
    }

    // ---------------------------------------------------------------------------------------------------
    // The cancels that are taken

    @Test
    void aCancelWithoutABodyEndsTheOrderCancelledWithItsStockReleasedAndAgainChangesNothing() throws Exception {
        // given: an order that holds a unit and waits for its payment
        Product stockBefore = limited();
        String orderId = orders.place(order(LIMITED, "99.00", "tok_3ds"));
        orders.awaitStatus(orderId, OrderStatus.PAYMENT_PENDING, PIPELINE);
        assertEquals(stockBefore.stock() - 1, limited().stock(), "the waiting order holds its unit");

        // when: the customer cancels it, with no body and no Content-Type
        Response cancelled = exchange(system.apiUrl(), noBody().apply(orderId), READ_TIMEOUT);

        // then: 202, and it ends CANCELLED with its stock back, its authorization voided and the customer told
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", JSON.readTree(cancelled.body()).path("status").asText(), cancelled::toString);
        JsonNode ended = orders.awaitOutcome(orderId, PIPELINE);
        assertEquals("CANCELLED", ended.get("status").asText(), ended::toString);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        assertEquals(stockBefore.stock(), limited().stock());
        assertEquals(stockBefore.reserved(), limited().reserved());
        assertTrue(orders.get(orderId).path("payment").hasNonNull("voided_at"), () -> orders.get(orderId).toString());

        // and cancelling it again is 202 and changes nothing: one message, one release
        JsonNode shownBefore = orders.get(orderId);
        List<Map<String, AttributeValue>> storedBefore = StoredItems.of(system, orderId);
        Response again = exchange(system.apiUrl(), json(reason("really")).apply(orderId), READ_TIMEOUT);
        assertEquals(202, again.status(), again::toString);
        assertEquals("CANCELLED", JSON.readTree(again.body()).path("status").asText(), again::toString);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        assertEquals(shownBefore, orders.get(orderId));
        assertEquals(storedBefore, StoredItems.of(system, orderId));
        assertEquals(stockBefore.stock(), limited().stock());
    }

    @Test
    void aCancelWithAReasonOfFiveHundredCharactersIsTakenAndTheReasonKept() throws Exception {
        // given: an order that holds one unit and waits for its payment
        Product stockBefore = limited();
        String orderId = orders.place(order(LIMITED, "99.00", "tok_3ds"));
        orders.awaitStatus(orderId, OrderStatus.PAYMENT_PENDING, PIPELINE);
        String words = "found it cheaper elsewhere ".repeat(20).substring(0, 499) + "!";

        // when
        Response cancelled = exchange(system.apiUrl(), json(reason(words)).apply(orderId), READ_TIMEOUT);

        // then
        assertEquals(202, cancelled.status(), cancelled::toString);
        JsonNode ended = orders.awaitOutcome(orderId, PIPELINE);
        assertEquals("CANCELLED", ended.get("status").asText(), ended::toString);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        JsonNode history = orders.get(orderId).get("history");
        assertTrue(history.toString().contains("cancelled by the customer: " + words), history::toString);
        assertEquals(stockBefore.stock(), limited().stock());
        assertEquals(stockBefore.reserved(), limited().reserved());
    }

    // ---------------------------------------------------------------------------------------------------
    // Cases and requests

    /** A cancel of {@code orderId} that must be refused with {@code status}, its detail saying {@code phrase}. */
    record BadCancel(String name, Supplier<String> orderId, Function<String, Request> request, int status, String phrase) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static BadCancel refused(String name, Function<String, Request> request, int status, String phrase) {
        return new BadCancel(name, () -> cancellable, request, status, phrase);
    }

    private static BadCancel refusedFor(String name, Supplier<String> orderId, Function<String, Request> request,
                                        int status, String phrase) {
        return new BadCancel(name, orderId, request, status, phrase);
    }

    private static String order(String productId, String unitPrice, String cardToken) {
        return """
                {"customer": {"customer_id": "cust-1", "email": "c@example.com", "name": "C"},
                 "items": [{"product_id": "%s", "quantity": 1, "unit_price": %s}],
                 "shipping_address": {"street": "1 Main St", "city": "Town", "postal_code": "12345", "country": "US"},
                 "payment": {"payment_method": "credit_card", "card_token": "%s"}}""".formatted(productId, unitPrice, cardToken);
    }

    private static Product limited() {
        return new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog()).find(LIMITED).orElseThrow();
    }

    private static String nobodysOrder() {
        return UUID.nameUUIDFromBytes("nobody's order".getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String reason(String words) {
        return "{\"reason\": \"" + words + "\"}";
    }

    /** A cancel with this JSON body. */
    private static Function<String, Request> json(String body) {
        return orderId -> cancel(orderId, utf8(body), "Content-Type: application/json");
    }

    /** A cancel with no body and no Content-Type. */
    private static Function<String, Request> noBody() {
        return orderId -> cancel(orderId, new byte[0]);
    }

    private static Request cancel(String orderId, byte[] body, String... headers) {
        return RawHttp.post("/orders/" + orderId + "/cancel", body, headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
