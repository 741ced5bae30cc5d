package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.local.RawHttp.Request;
import io.serverlessorch.local.RawHttp.Response;
import io.serverlessorch.payments.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.serverlessorch.local.RawHttp.assertProblem;
import static io.serverlessorch.local.RawHttp.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /payments/webhook} as a hostile client would probe it, through the local system's HTTP front door:
 * every bad signature, body or payment is refused with a problem that says what is wrong, and leaves the order it
 * names exactly as it was (as GET shows it, history included, and item for item in the table): no charge, no
 * refund, no move. A correctly signed event, once, shows the refusals are not passing for the wrong reason.
 */
class PaymentWebhookRefusalsTest {

    private static final String PATH = "/payments/webhook";
    private static final String SECRET = PaymentProperties.DEVELOPMENT_SECRET;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PIPELINE = Duration.ofSeconds(60);
    private static final AtomicInteger EVENTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalSystem system;
    private static OrderScenarios orders;
    /** An order in PAYMENT_PENDING: what every bad event below names, unless it says otherwise. */
    private static String waiting;
    private static String reference;
    private static String amount;
    /** An order that was charged at once and completed: it never waited for the provider. */
    private static String completed;
    /** An order whose card was declined at once: it never waited either. */
    private static String declined;

    @BeforeAll
    static void startWithAnOrderThatWaitsForThePaymentProvider() {
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
        orders = new OrderScenarios(system.apiUrl());
        waiting = orders.place(order(MOCK_3DS));
        completed = orders.place(order("tok_visa"));
        declined = orders.place(order("tok_declined"));
        JsonNode pending = orders.awaitStatus(waiting, OrderStatus.PAYMENT_PENDING, PIPELINE);
        orders.awaitOutcome(completed, PIPELINE);
        orders.awaitOutcome(declined, PIPELINE);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        reference = pending.path("payment").path("reference").asText();
        amount = pending.path("total").decimalValue().toPlainString();
        assertFalse(reference.isBlank(), pending::toString);
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
    @MethodSource({"signatures", "unsigned", "bodies", "payments", "framing"})
    void aBadWebhookIsRefusedWithAProblemAndChangesNothing(BadWebhook bad) throws Exception {
        // given: the order the event names, as GET shows it and as the table holds it
        String orderId = bad.orderId().get();
        JsonNode shownBefore = orders.get(orderId);
        List<Map<String, AttributeValue>> storedBefore = StoredItems.of(system, orderId);

        // when
        Response response = exchange(system.apiUrl(), bad.request().get(), READ_TIMEOUT);

        // then: a problem that says what is wrong
        assertProblem(response, bad.status(), bad.phrase());
        // and nothing moved, was charged, refunded or recorded, now or by the pipeline afterwards
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        JsonNode shownAfter = orders.get(orderId);
        assertEquals(shownBefore, shownAfter);
        assertEquals(storedBefore, StoredItems.of(system, orderId));
        if (shownBefore.has("status")) {
            assertEquals(shownBefore.get("status"), shownAfter.get("status"));
            assertFalse(shownAfter.path("payment").hasNonNull("refunded_at"), shownAfter::toString);
        }
        if (orderId.equals(waiting)) {
            assertEquals("PAYMENT_PENDING", shownAfter.get("status").asText());
            assertFalse(shownAfter.path("payment").hasNonNull("amount_charged"), shownAfter::toString);
        }
    }

    static Stream<BadWebhook> signatures() {
        return Stream.of(
                refused("has no Payment-Signature header", () -> webhook(succeeded()), 401, "Payment-Signature header is missing"),
                refused("has an empty Payment-Signature header", () -> webhook(succeeded(), "Payment-Signature: "), 401,
                        "Payment-Signature header is missing"),
                refused("leaves out t=", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + v1Of(sign(body, now())));
                }, 401, "needs t=<unix seconds>"),
                refused("leaves out v1=", () -> webhook(succeeded(), "Payment-Signature: t=" + now().getEpochSecond()), 401,
                        "at least one v1="),
                refused("offers only a v0 signature", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: t=" + now().getEpochSecond() + ",v0=" + v1Of(sign(body, now())).substring(3));
                }, 401, "at least one v1="),
                refused("sends a v1 that is not hex", () -> webhook(succeeded(), "Payment-Signature: t=" + now().getEpochSecond()
                        + ",v1=" + "zz".repeat(32)), 401, "64 hex digits"),
                refused("sends a v1 one digit short", () -> {
                    String body = succeeded();
                    String header = sign(body, now());
                    return webhook(body, "Payment-Signature: " + header.substring(0, header.length() - 1));
                }, 401, "64 hex digits"),
                refused("sends a t that is not a number", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: t=now," + v1Of(sign(body, now())));
                }, 401, "one t=<unix seconds>"),
                refused("sends t twice", () -> {
                    String body = succeeded();
                    String header = sign(body, now());
                    return webhook(body, "Payment-Signature: t=" + now().getEpochSecond() + "," + header);
                }, 401, "one t=<unix seconds>"),
                refused("sends a header that is not key=value pairs", () -> webhook(succeeded(), "Payment-Signature: signed-by-the-bank"), 401,
                        "not t=<unix seconds>,v1=<hex HMAC-SHA256>"),
                refused("signs with another secret", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + WebhookSignature.sign(body, "whsec_someone_else", now()));
                }, 401, "does not match the body"),
                refused("raises the amount after signing", () -> {
                    String body = succeeded();
                    return webhook(body.replace("\"amount\": " + amount, "\"amount\": 0.01"), "Payment-Signature: " + sign(body, now()));
                }, 401, "does not match the body"),
                refused("turns a failure into a success after signing", () -> {
                    String body = failed();
                    return webhook(body.replace("payment.failed", "payment.succeeded"), "Payment-Signature: " + sign(body, now()));
                }, 401, "does not match the body"),
                refused("adds a space to the body after signing", () -> {
                    String body = succeeded();
                    return webhook(body + " ", "Payment-Signature: " + sign(body, now()));
                }, 401, "does not match the body"),
                refused("puts a different t in the header than it signed", () -> {
                    String body = succeeded();
                    Instant signedAt = now().minusSeconds(10);
                    return webhook(body, "Payment-Signature: t=" + now().getEpochSecond() + "," + v1Of(sign(body, signedAt)));
                }, 401, "does not match the body"),
                refused("replays a signature six minutes old", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + sign(body, now().minus(Duration.ofMinutes(6))));
                }, 401, "at most 300 s is accepted"),
                refused("signs six minutes in the future", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + sign(body, now().plus(Duration.ofMinutes(6))));
                }, 401, "at most 300 s is accepted"),
                refused("signs at the start of 1970", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + sign(body, Instant.EPOCH));
                }, 401, "at most 300 s is accepted"),
                refused("sends Payment-Signature twice, a good one and a forged one", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + sign(body, now()),
                            "Payment-Signature: t=" + now().getEpochSecond() + ",v1=" + "0".repeat(64));
                }, 400, "Payment-Signature header once"),
                refused("sends Payment-Signature twice, a forged one and a good one", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: t=" + now().getEpochSecond() + ",v1=" + "0".repeat(64),
                            "Payment-Signature: " + sign(body, now()));
                }, 400, "Payment-Signature header once"),
                refused("sends a Payment-Signature of 5,000 characters", () -> {
                    String body = succeeded();
                    return webhook(body, "Payment-Signature: " + sign(body, now()) + ",v0=" + "a".repeat(5000));
                }, 401, "longer than 1000 characters"));
    }

    static Stream<BadWebhook> bodies() {
        return Stream.of(
                refused("signs JSON cut off in the middle", () -> signed("{\"id\": \"evt_1\", \"type\":"), 400,
                        "The body is not a payment event: Unexpected end-of-input"),
                refused("signs a JSON array", () -> signed("[" + succeeded() + "]"), 400, "expected an object but found an array"),
                refused("signs null", () -> signed("null"), 400, "The body is not a payment event"),
                refused("signs an empty body", () -> signed(""), 400, "needs a JSON object as its body"),
                refused("signs text after the JSON document", () -> signed(succeeded() + " {}"), 400, "one JSON document"),
                refused("signs the amount twice", () -> signed(succeeded().replace("\"amount\": ", "\"amount\": 0.01, \"amount\": ")), 400,
                        "appears twice"),
                refused("leaves out data", () -> signed("{\"id\": \"" + eventId() + "\", \"type\": \"payment.succeeded\"}"), 400, "data"),
                refused("leaves out data.order_id", () -> signed(succeeded().replace("\"order_id\": \"" + waiting + "\", ", "")), 400,
                        "order_id"),
                refused("leaves out the event id", () -> signed(succeeded().replaceFirst("\"id\": \"evt_[0-9a-z_]+\", ", "")), 400, "id"),
                refused("sends an event id that is not the provider's", () -> signed(event("ev-1", "payment.succeeded", waiting, reference, amount)),
                        400, "evt_"),
                refused("sends an unknown type", () -> signed(event(eventId(), "payment.refunded", waiting, reference, amount)), 400,
                        "must be payment.succeeded or payment.failed"),
                refused("sends the amount with three decimals", () -> signed(event(eventId(), "payment.succeeded", waiting, reference, amount + "1")),
                        400, "at most 2 decimal places"),
                refused("sends the amount as a string", () -> signed(event(eventId(), "payment.succeeded", waiting, reference,
                        "\"" + amount + "\"")), 400, "amount: must be a number, not a string"),
                refused("sends a negative amount", () -> signed(event(eventId(), "payment.succeeded", waiting, reference, "-" + amount)), 400,
                        "must be at least 0.01"),
                refused("sends a reference with a space", () -> signed(event(eventId(), "payment.succeeded", waiting, "pay 1", amount)), 400,
                        "reference"),
                refused("hides a NUL in the reference", () -> signed(event(eventId(), "payment.succeeded", waiting, reference + "\\u0000", amount)),
                        400, "control character"),
                refused("sends an event id of 300 characters", () -> signed(event("evt_" + "x".repeat(296), "payment.succeeded", waiting,
                        reference, amount)), 400, "size must be between"),
                refused("sends an amount of 1E+400", () -> signed(event(eventId(), "payment.succeeded", waiting, reference, "1E+400")), 400,
                        "amount"),
                refused("sends an order id of 65 characters", () -> signed(event(eventId(), "payment.succeeded", "x".repeat(65), reference, amount)),
                        400, "order_id"));
    }

    static Stream<BadWebhook> payments() {
        return Stream.of(
                refused("names an order id that is not a UUID", () -> signed(event(eventId(), "payment.succeeded", "order-1", reference, amount)),
                        404, "No order has the id 'order-1'"),
                refusedFor("names an order nobody placed", PaymentWebhookRefusalsTest::nobodysOrder,
                        () -> signed(event(eventId(), "payment.succeeded", nobodysOrder(), reference, amount)), 404, "No order has the id"),
                refused("names another payment reference", () -> signed(event(eventId(), "payment.succeeded", waiting, "pay_someone_else", amount)),
                        409, "waits for payment " + reference + ", not pay_someone_else"),
                refused("reports a smaller amount", () -> signed(event(eventId(), "payment.succeeded", waiting, reference, "0.01")),
                        409, "waits for a payment of " + amount + ", not 0.01"),
                refused("fails another payment reference", () -> signed(event(eventId(), "payment.failed", waiting, "pay_someone_else", amount)),
                        409, "not pay_someone_else"),
                refusedFor("confirms a payment for an order that never waited", () -> completed,
                        () -> signed(event(eventId(), "payment.succeeded", completed, reference, amount)), 409,
                        "has no payment waiting for confirmation (it is COMPLETED)"),
                refusedFor("fails a payment for an order that was declined at once", () -> declined,
                        () -> signed(event(eventId(), "payment.failed", declined, reference, amount)), 409,
                        "has no payment waiting for confirmation (it is PAYMENT_FAILED)"));
    }

    static Stream<BadWebhook> framing() {
        return Stream.of(
                refused("sends text/plain", () -> {
                    String body = succeeded();
                    return RawHttp.post(PATH, utf8(body), "Content-Type: text/plain", "Payment-Signature: " + sign(body, now()));
                }, 415, "text/plain"),
                refused("sends no Content-Type", () -> {
                    String body = succeeded();
                    return RawHttp.post(PATH, utf8(body), "Payment-Signature: " + sign(body, now()));
                }, 415, "Content-Type: application/json"),
                refused("sends a form", () -> {
                    String body = "order_id=" + waiting;
                    return RawHttp.post(PATH, utf8(body), "Content-Type: application/x-www-form-urlencoded",
                            "Payment-Signature: " + sign(body, now()));
                }, 415, "application/x-www-form-urlencoded"),
                refused("signs a body over 64 KiB", () -> signed(succeeded() + " ".repeat(70_000)), 413, "at most 65536 are accepted"),
                refused("signs a body in UTF-16", () -> {
                    String body = succeeded();
                    return RawHttp.post(PATH, body.getBytes(StandardCharsets.UTF_16LE), "Content-Type: application/json; charset=UTF-16LE",
                            "Payment-Signature: " + sign(body, now()));
                }, 415, "Send the body as UTF-8"),
                refused("says the signed body is gzip-compressed", () -> {
                    String body = succeeded();
                    return webhook(body, "Content-Encoding: gzip", "Payment-Signature: " + sign(body, now()));
                }, 415, "Content-Encoding gzip is not supported"),
                refused("signs bytes that are not UTF-8", () -> {
                    // An event id holding a byte sequence that is not UTF-8, signed over the text it would decode to.
                    String body = succeeded();
                    int split = body.indexOf("evt_") + 4;
                    byte[] bytes = RawHttp.concat(utf8(body.substring(0, split)), new byte[]{(byte) 0xC3, (byte) 0x28}, utf8(body.substring(split)));
                    return RawHttp.post(PATH, bytes, "Content-Type: application/json",
                            "Payment-Signature: " + sign(new String(bytes, StandardCharsets.UTF_8), now()));
                }, 400, "UTF-8"),
                refused("sends GET", () -> RawHttp.raw("GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "GET is not allowed"));
    }

    /** Nothing in a body is read before its signature is checked: unsigned, even broken JSON is a 401, not a 400. */
    static Stream<BadWebhook> unsigned() {
        return Stream.of(
                refused("sends JSON cut off in the middle, unsigned", () -> webhook("{\"id\": \"evt_1\", \"type\":"), 401,
                        "Payment-Signature header is missing"),
                refused("sends a key twice, unsigned", () -> webhook(succeeded().replace("\"amount\": ", "\"amount\": 1, \"amount\": ")), 401,
                        "Payment-Signature header is missing"),
                refused("hides a NUL in the reference, signed with garbage",
                        () -> webhook(event(eventId(), "payment.succeeded", waiting, reference + "\\u0000", amount),
                                "Payment-Signature: t=" + now().getEpochSecond() + ",v1=" + "0".repeat(64)), 401, "does not match the body"),
                refused("sends an event id of 300 characters, signed with garbage",
                        () -> webhook(event("evt_" + "x".repeat(296), "payment.succeeded", waiting, reference, amount),
                                "Payment-Signature: t=" + now().getEpochSecond() + ",v1=" + "0".repeat(64)), 401, "does not match the body"));
    }

    // ---------------------------------------------------------------------------------------------------
    // The event that is taken, once

    @Test
    void aCorrectlySignedSuccessMovesAWaitingOrderOnToCompletedOnce() throws Exception {
        // given: an order that waits for the payment provider
        String orderId = orders.place(order(MOCK_3DS));
        JsonNode pending = orders.awaitStatus(orderId, OrderStatus.PAYMENT_PENDING, PIPELINE);
        String itsReference = pending.path("payment").path("reference").asText();
        String itsAmount = pending.path("total").decimalValue().toPlainString();
        String body = event(eventId(), "payment.succeeded", orderId, itsReference, itsAmount);

        // when: the provider confirms it
        Response confirmed = exchange(system.apiUrl(), signed(body), READ_TIMEOUT);

        // then: it is charged once and goes on to the end
        assertEquals(200, confirmed.status(), confirmed::toString);
        assertEquals("confirmed", JSON.readTree(confirmed.body()).path("outcome").asText(), confirmed::toString);
        JsonNode done = orders.awaitOutcome(orderId, PIPELINE);
        assertEquals("COMPLETED", done.get("status").asText(), done::toString);
        assertEquals(itsAmount, done.path("payment").path("amount_charged").decimalValue().toPlainString());
        assertEquals(itsReference, done.path("payment").path("reference").asText());
        assertTrue(system.awaitPipelineIdle(PIPELINE));

        // and the same event again, or a failure after it, is taken and changes nothing
        List<Map<String, AttributeValue>> storedBefore = StoredItems.of(system, orderId);
        JsonNode shownBefore = orders.get(orderId);
        Response again = exchange(system.apiUrl(), signed(body), READ_TIMEOUT);
        Response failedAfter = exchange(system.apiUrl(), signed(event(eventId(), "payment.failed", orderId, itsReference, itsAmount)),
                READ_TIMEOUT);
        assertEquals(200, again.status(), again::toString);
        assertEquals("already_settled", JSON.readTree(again.body()).path("outcome").asText(), again::toString);
        assertEquals(200, failedAfter.status(), failedAfter::toString);
        assertEquals("already_settled", JSON.readTree(failedAfter.body()).path("outcome").asText(), failedAfter::toString);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        assertEquals(shownBefore, orders.get(orderId));
        assertEquals(storedBefore, StoredItems.of(system, orderId));
    }

    @Test
    void aSuccessForAnOrderCancelledWhileItWaitedIsChargedAndRefundedOnceAndTheOrderStaysCancelled() throws Exception {
        // given: an order cancelled while it waited for the provider
        String orderId = orders.place(order(MOCK_3DS));
        JsonNode pending = orders.awaitStatus(orderId, OrderStatus.PAYMENT_PENDING, PIPELINE);
        String itsReference = pending.path("payment").path("reference").asText();
        String itsAmount = pending.path("total").decimalValue().toPlainString();
        Response cancelled = exchange(system.apiUrl(), RawHttp.post("/orders/" + orderId + "/cancel", new byte[0]), READ_TIMEOUT);
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", orders.awaitOutcome(orderId, PIPELINE).get("status").asText());
        assertTrue(system.awaitPipelineIdle(PIPELINE));

        // when: the provider's success comes after all
        String body = event(eventId(), "payment.succeeded", orderId, itsReference, itsAmount);
        Response late = exchange(system.apiUrl(), signed(body), READ_TIMEOUT);

        // then: charged and refunded at once; the order stays CANCELLED
        assertEquals(200, late.status(), late::toString);
        assertEquals("refunded", JSON.readTree(late.body()).path("outcome").asText(), late::toString);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        JsonNode after = orders.get(orderId);
        assertEquals("CANCELLED", after.get("status").asText(), after::toString);
        assertEquals(itsAmount, after.path("payment").path("amount_charged").decimalValue().toPlainString(), after::toString);
        assertTrue(after.path("payment").hasNonNull("refunded_at"), after::toString);

        // and the same event again, or a failure, changes nothing
        List<Map<String, AttributeValue>> storedBefore = StoredItems.of(system, orderId);
        Response again = exchange(system.apiUrl(), signed(body), READ_TIMEOUT);
        Response failedAfter = exchange(system.apiUrl(), signed(event(eventId(), "payment.failed", orderId, itsReference, itsAmount)),
                READ_TIMEOUT);
        assertEquals("already_settled", JSON.readTree(again.body()).path("outcome").asText(), again::toString);
        assertEquals("already_settled", JSON.readTree(failedAfter.body()).path("outcome").asText(), failedAfter::toString);
        assertTrue(system.awaitPipelineIdle(PIPELINE));
        assertEquals(after, orders.get(orderId));
        assertEquals(storedBefore, StoredItems.of(system, orderId));
    }

    // ---------------------------------------------------------------------------------------------------
    // Cases, events and requests

    /** The mock provider's card token for a payment that waits for a 3-D Secure confirmation. */
    private static final String MOCK_3DS = "tok_3ds";

    /** A webhook that must be refused with {@code status}, its detail saying {@code phrase}; it names the order {@code orderId}. */
    record BadWebhook(String name, Supplier<String> orderId, Supplier<Request> request, int status, String phrase) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static BadWebhook refused(String name, Supplier<Request> request, int status, String phrase) {
        return new BadWebhook(name, () -> waiting, request, status, phrase);
    }

    private static BadWebhook refusedFor(String name, Supplier<String> orderId, Supplier<Request> request, int status, String phrase) {
        return new BadWebhook(name, orderId, request, status, phrase);
    }

    private static String order(String cardToken) {
        return """
                {"customer": {"customer_id": "cust-1", "email": "c@example.com", "name": "C"},
                 "items": [{"product_id": "product-3", "quantity": 1, "unit_price": 149.50}],
                 "shipping_address": {"street": "1 Main St", "city": "Town", "postal_code": "12345", "country": "US"},
                 "payment": {"payment_method": "credit_card", "card_token": "%s"}}""".formatted(cardToken);
    }

    /** A well-formed order id no order has. */
    private static String nobodysOrder() {
        return UUID.nameUUIDFromBytes("nobody's order".getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String eventId() {
        return "evt_hostile_" + EVENTS.incrementAndGet();
    }

    /** The provider's success for the waiting order: right in every field. */
    private static String succeeded() {
        return event(eventId(), "payment.succeeded", waiting, reference, amount);
    }

    private static String failed() {
        return event(eventId(), "payment.failed", waiting, reference, amount);
    }

    /** An event as the provider writes it; {@code amountJson} goes in as it is (a number, or anything else). */
    private static String event(String id, String type, String orderId, String reference, String amountJson) {
        return "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"data\": {\"order_id\": \"" + orderId + "\", \"reference\": \""
                + reference + "\", \"amount\": " + amountJson + "}}";
    }

    private static Instant now() {
        return Instant.now();
    }

    /** The header the provider sends for {@code body} signed at {@code at}. */
    private static String sign(String body, Instant at) {
        return WebhookSignature.sign(body, SECRET, at);
    }

    /** The v1=... part of a header. */
    private static String v1Of(String header) {
        return header.substring(header.indexOf("v1="));
    }

    /** A JSON webhook with these extra header lines. */
    private static Request webhook(String body, String... headers) {
        return RawHttp.post(PATH, utf8(body), Stream.concat(Stream.of("Content-Type: application/json"), Stream.of(headers))
                .toArray(String[]::new));
    }

    /** A JSON webhook signed as the provider signs it, now. */
    private static Request signed(String body) {
        return webhook(body, "Payment-Signature: " + sign(body, now()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
