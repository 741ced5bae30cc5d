package io.serverlessorch.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.serverlessorch.domain.Order;
import io.serverlessorch.payments.PaymentEvent;
import io.serverlessorch.payments.PaymentMetrics;
import io.serverlessorch.payments.PaymentWebhooks;
import io.serverlessorch.payments.WebhookSecret;
import io.serverlessorch.payments.WebhookSignature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The payment provider's callback. Not IAM-authorized (a provider cannot sign SigV4): its signature is its only
 * key, checked on the raw body before anything in it is read. Thin: it maps HTTP to {@link PaymentWebhooks}.
 */
@Controller("/payments/webhook")
@ApiDocumentation.SharedAnswers
public class PaymentWebhookController {

    private final PaymentWebhooks webhooks;
    private final WebhookSecret secret;
    private final PaymentMetrics metrics;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;

    public PaymentWebhookController(PaymentWebhooks webhooks, WebhookSecret secret, PaymentMetrics metrics, JsonMapper json,
                                    Validator validator, Clock clock) {
        this.webhooks = webhooks;
        this.secret = secret;
        this.metrics = metrics;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
    }

    @Operation(operationId = "receivePaymentEvent", tags = ApiDocumentation.PAYMENTS, summary = "The payment provider reports the outcome of a pending payment",
            description = "Signed as Stripe signs: Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" "
                    + "keyed with the webhook secret>; the timestamp must be within 5 minutes of now. payment.succeeded moves the "
                    + "order on to PAYMENT_COMPLETED and fulfillment; payment.failed ends it PAYMENT_FAILED. The same event again, "
                    + "or a second outcome after the first, is answered 200 and changes nothing; a success for an order cancelled "
                    + "while it waited is charged and refunded at once.",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PaymentWebhookBody.class))))
    // An empty requirement: anyone may call it (no SigV4); the signature is checked by the function itself.
    @SecurityRequirement(name = "")
    @ApiResponse(responseCode = "200", description = "Taken; outcome says what it did",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Receipt.class)))
    @ApiResponse(responseCode = "400", description = "The body is not JSON, or a field is missing or malformed (errors names each); or: "
            + ApiDocumentation.AMBIGUOUS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "The Payment-Signature header is missing, malformed or wrong, the body was "
            + "changed after signing, or the timestamp is more than 5 minutes from now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No order has the event's order_id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The order has no payment waiting for confirmation, or not with this reference or amount",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = ApiDocumentation.WEB_ACL,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The Content-Type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post(consumes = MediaType.APPLICATION_JSON)
    public Receipt receive(
            @Parameter(description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">",
                    example = "t=1765102536,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd")
            @Header(WebhookSignature.HEADER) @Nullable String signature,
            HttpRequest<String> request) {
        String body = RawBody.of(request);
        String raw = body == null ? "" : body;
        Optional<WebhookSignature.Refusal> refused = WebhookSignature.check(signature, raw, secret.value(), clock.instant());
        if (refused.isPresent() && refused.get().code().equals("signature") && secret.refreshed()) {
            refused = WebhookSignature.check(signature, raw, secret.value(), clock.instant());
        }
        if (refused.isPresent()) {
            throw refuse(HttpStatus.UNAUTHORIZED, refused.get().code(), refused.get().detail());
        }
        PaymentWebhookBody event = parse(raw);
        PaymentWebhooks.Outcome outcome;
        try {
            if (!Order.isWellFormedId(event.data().orderId())) {
                throw new PaymentWebhooks.UnknownOrderException("No order has the id '" + OrderController.abbreviate(event.data().orderId()) + "'");
            }
            outcome = webhooks.handle(new PaymentEvent(event.id(), PaymentWebhookBody.SUCCEEDED.equals(event.type()),
                    event.data().orderId(), event.data().reference(), event.data().amount()));
        } catch (PaymentWebhooks.UnknownOrderException e) {
            throw refuse(HttpStatus.NOT_FOUND, "unknown_order", e.getMessage());
        } catch (PaymentWebhooks.PaymentMismatchException e) {
            throw refuse(HttpStatus.CONFLICT, "mismatch", e.getMessage());
        }
        return new Receipt(true, event.id(), outcome.name().toLowerCase(Locale.ROOT));
    }

    private PaymentWebhookBody parse(String raw) {
        if (raw.isBlank()) {
            throw refuse(HttpStatus.BAD_REQUEST, "body", "The request needs a JSON object as its body: the payment event");
        }
        Optional<String> malformed = StrictJson.problem(raw);
        if (malformed.isPresent()) {
            throw refuse(HttpStatus.BAD_REQUEST, "body", malformed.get());
        }
        PaymentWebhookBody event;
        try {
            event = json.readValue(raw, PaymentWebhookBody.class);
        } catch (IOException | RuntimeException e) {
            // The reader's own words name its settings and our types: say what and where, in the client's words.
            throw refuse(HttpStatus.BAD_REQUEST, "body", ProblemErrorResponseProcessor.bodyError("a payment event", String.valueOf(e.getMessage())));
        }
        if (event == null) {
            throw refuse(HttpStatus.BAD_REQUEST, "body", "The body is not a payment event");
        }
        Set<ConstraintViolation<PaymentWebhookBody>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            metrics.webhookRefused("body");
            throw new ConstraintViolationException(violations);
        }
        return event;
    }

    private HttpStatusException refuse(HttpStatus status, String code, String detail) {
        metrics.webhookRefused(code);
        return new HttpStatusException(status, detail);
    }

    /** What the webhook did with the event: {@code confirmed}, {@code refused}, {@code refunded} or {@code already_settled}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "PaymentEventReceipt")
    public record Receipt(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean received,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "evt_1QdR7sExample") String eventId,
            @Schema(type = "string", requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"confirmed", "refused", "refunded", "already_settled"},
                    example = "confirmed") String outcome) {
    }
}
