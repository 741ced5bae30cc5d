package io.serverlessorch.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonMapper;
import io.serverlessorch.domain.InvalidPageTokenException;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.orders.IdempotencyKeyReusedException;
import io.serverlessorch.orders.OrderService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The order API. Thin: it maps HTTP to {@link OrderService} and back. */
@Controller("/orders")
@ApiDocumentation.SharedAnswers
public class OrderController {

    /** The path variable, named as the bodies name the order's id. */
    static final String ORDER_ID = "order_id";
    private static final String ORDER_ID_DESCRIPTION = "The order's id (a lower-case UUID, as placeOrder answered it); any other value names no order";

    /** The same words whether the limit is out of range or not a number at all. */
    static final String LIMIT_RANGE = "must be a whole number from 1 to " + ApiLimits.MAX_PAGE_SIZE;

    private final OrderService orders;
    private final Validator validator;
    private final JsonMapper json;

    public OrderController(OrderService orders, Validator validator, JsonMapper json) {
        this.orders = orders;
        this.validator = validator;
        this.json = json;
    }

    @Operation(operationId = "placeOrder", tags = ApiDocumentation.ORDERS, summary = "Place an order",
            description = "Totals are computed by the server. Send an Idempotency-Key to make retries safe: the same key "
                    + "with the same body returns the same order; with a different body it is a 409.")
    @ApiResponse(responseCode = "201", description = "The order, in status PENDING",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location",
                    description = "The order's path, /orders/{order_id}", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "400", description = "The body is malformed or invalid, or the Idempotency-Key is not "
            + "printable ASCII of at most " + ApiLimits.MAX_IDEMPOTENCY_KEY_LENGTH + " characters (errors names each invalid field); or: "
            + ApiDocumentation.AMBIGUOUS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used for a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The Content-Type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<OrderView> create(
            @Body CreateOrderRequest request,
            @Parameter(description = "Makes the request safe to retry (printable ASCII, at most 255 characters)",
                    example = "checkout-7f3a9c2e")
            @Header("Idempotency-Key") @Nullable
            @Size(min = 1, max = ApiLimits.MAX_IDEMPOTENCY_KEY_LENGTH) @Pattern(regexp = ApiLimits.IDEMPOTENCY_KEY,
                    message = "must be printable ASCII without spaces") String idempotencyKey,
            HttpRequest<?> http) {
        validate(request);
        OrderService.PlacedOrder placed;
        try {
            placed = orders.place(request.toDraft(), Optional.ofNullable(idempotencyKey), Callers.of(http));
        } catch (IdempotencyKeyReusedException e) {
            throw new HttpStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
        return HttpResponse.<OrderView>status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/orders/" + placed.order().orderId())
                .body(OrderView.of(placed.order()));
    }

    @Operation(operationId = "getOrder", tags = ApiDocumentation.ORDERS, summary = "An order with its status history, oldest first")
    @ApiResponse(responseCode = "200", description = "The order, with its history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "404", description = "No order has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{" + ORDER_ID + "}")
    public OrderView get(@Parameter(description = ORDER_ID_DESCRIPTION, example = ApiDocumentation.ORDER_ID_EXAMPLE)
                         @PathVariable(ORDER_ID) String orderId) {
        return Optional.of(orderId)
                .filter(Order::isWellFormedId)
                .flatMap(orders::find)
                .map(OrderView::of)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "No order has the id '" + abbreviate(orderId) + "'"));
    }

    @Operation(operationId = "cancelOrder", tags = ApiDocumentation.ORDERS, summary = "Cancel an order that has not been handed to fulfillment",
            description = "No body, or {\"reason\": \"...\"} (one line, at most " + ApiLimits.MAX_CANCEL_REASON + " characters). "
                    + "Until the order is handed to fulfillment (PENDING, VALIDATED, INVENTORY_RESERVED, PAYMENT_PENDING, "
                    + "PAYMENT_COMPLETED) the answer is 202 and the promise is firm: the order ends CANCELLED and is never "
                    + "fulfilled; its stock is released, its payment refunded or its pending authorization voided, and the "
                    + "customer told, once. Cancelling a cancelled order again is 202 and changes nothing.",
            requestBody = @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CancelOrderRequest.class))))
    @ApiResponse(responseCode = "202", description = "The order, CANCELLED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "400", description = "The body is malformed, has a field other than reason, or the reason is not one "
            + "line of at most " + ApiLimits.MAX_CANCEL_REASON + " characters; or: " + ApiDocumentation.AMBIGUOUS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No order has that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The order has been handed to fulfillment (FULFILLED, COMPLETED), or it already ended otherwise (the detail says how)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "A body was sent with a Content-Type other than application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post(uri = "/{" + ORDER_ID + "}/cancel", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<OrderView> cancel(@Parameter(description = ORDER_ID_DESCRIPTION, example = ApiDocumentation.ORDER_ID_EXAMPLE)
                                          @PathVariable(ORDER_ID) String orderId, HttpRequest<String> http) {
        String body = RawBody.of(http);
        CancelOrderRequest request = cancelBody(body == null ? "" : body);
        if (request != null) {
            Set<ConstraintViolation<CancelOrderRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
        }
        HttpStatusException notFound = new HttpStatusException(HttpStatus.NOT_FOUND, "No order has the id '" + abbreviate(orderId) + "'");
        if (!Order.isWellFormedId(orderId)) {
            throw notFound;
        }
        OrderService.Cancellation cancellation = orders.cancel(orderId, Optional.ofNullable(request).map(CancelOrderRequest::reason));
        Order order = cancellation.order();
        return switch (cancellation.result()) {
            case CANCELLED, ALREADY_CANCELLED -> HttpResponse.<OrderView>status(HttpStatus.ACCEPTED).body(OrderView.of(order));
            case HANDED_TO_FULFILLMENT -> throw new HttpStatusException(HttpStatus.CONFLICT, "Order " + orderId
                    + " has been handed to fulfillment (it is " + order.status() + ") and can no longer be cancelled");
            case ENDED -> throw new HttpStatusException(HttpStatus.CONFLICT, "Order " + orderId + " already ended " + order.status()
                    + (order.statusReason() == null ? "" : " (" + order.statusReason() + ")") + "; there is nothing to cancel");
            case NO_SUCH_ORDER -> throw notFound;
        };
    }

    /**
     * The cancel's optional body, as the text {@link RequestScreen} screened ({@link RawBody}), read here. No body
     * (RequestScreen lets that through only without a Content-Type, or with JSON's), or JSON's {@code null}, is a
     * cancel without a reason; anything else must be the JSON object, read as the binding reads one.
     */
    private CancelOrderRequest cancelBody(String text) {
        if (text.isEmpty()) {
            return null;
        }
        CancelOrderRequest request;
        try {
            request = json.readValue(text, CancelOrderRequest.class);
        } catch (IOException | RuntimeException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, ProblemErrorResponseProcessor.bodyError("a valid request", String.valueOf(e.getMessage())));
        }
        // JSON's null is no reason at all: what a client generated from the document sends when it has no body to give.
        return request;
    }

    @Operation(operationId = "listOrders", tags = ApiDocumentation.ORDERS, summary = "Orders newest first: all, of one status, or one customer's",
            description = "With customer_id, that customer's orders only (of one status too, with status): one index read a page. "
                    + "Orders placed before the customer listing existed appear in it once backfilled.")
    @ApiResponse(responseCode = "200", description = "A page of at most limit orders; next_token is absent on the last page. A page of an "
            + "in-flight status (PENDING to FULFILLED), or of a customer's orders of one status, may hold fewer, even none, and still "
            + "have a next_token")
    @ApiResponse(responseCode = "400", description = "Unknown status, a limit that is not digits from 1 to 100, a customer_id that is not 1 "
            + "to " + ApiLimits.MAX_IDENTIFIER_LENGTH + " letters, digits, '_' or '-', a token this API did not hand out for this listing, "
            + "or a query parameter other than status, limit, next_token and customer_id (names are lower case); or: "
            + ApiDocumentation.AMBIGUOUS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get
    public OrderListView list(
            HttpRequest<?> request,
            @Parameter(description = "Only orders in this status", example = "PAYMENT_PENDING") @Schema(type = "string", implementation = OrderStatus.class)
            @QueryValue @Nullable String status,
            @Parameter(description = "Orders per page, 1 to 100 (default 20)", example = "20")
            @Schema(type = "integer", minimum = "1", maximum = "" + ApiLimits.MAX_PAGE_SIZE, defaultValue = "" + ApiLimits.DEFAULT_PAGE_SIZE)
            @QueryValue @Nullable String limit,
            @Parameter(description = "The next_token of the previous page", example = "eyJwayI6Im9yZGVyIzNmMmI4YzFlIn0")
            @QueryValue("next_token") @Nullable String nextToken,
            @Parameter(description = "Only this customer's orders: the customer.customer_id they were placed with", example = "cust-1001")
            @Schema(type = "string", minLength = 1, maxLength = ApiLimits.MAX_IDENTIFIER_LENGTH, pattern = ApiLimits.IDENTIFIER)
            @QueryValue("customer_id") @Nullable String customerId) {
        for (String name : request.getParameters().names()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw new HttpStatusException(HttpStatus.BAD_REQUEST, "Unknown query parameter '" + abbreviate(name)
                        + "': GET /orders takes " + String.join(", ", LIST_PARAMETERS) + " (names are lower case)");
            }
        }
        int pageSize = limit == null ? ApiLimits.DEFAULT_PAGE_SIZE : pageSize(limit);
        Optional<OrderStatus> statusFilter = Optional.ofNullable(status).map(name -> OrderStatus.parse(name)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.BAD_REQUEST,
                        "status '" + abbreviate(name) + "' is not one of " + Arrays.toString(OrderStatus.values()))));
        Optional<String> customer = Optional.ofNullable(customerId).map(OrderController::customerId);
        Optional<String> token = Optional.ofNullable(nextToken);
        OrderPage page;
        try {
            page = customer.isPresent()
                    ? orders.listOfCustomer(customer.get(), statusFilter, pageSize, token)
                    : orders.list(statusFilter, pageSize, token);
        } catch (InvalidPageTokenException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return new OrderListView(page.orders().stream().map(OrderView::of).toList(), page.nextToken().orElse(null));
    }

    /** As an order's body takes it (customer.customer_id), so every customer that can place an order can be listed. */
    private static String customerId(String customerId) {
        if (customerId.length() <= ApiLimits.MAX_IDENTIFIER_LENGTH && customerId.matches(ApiLimits.IDENTIFIER)) {
            return customerId;
        }
        throw new HttpStatusException(HttpStatus.BAD_REQUEST, "customer_id must be 1 to " + ApiLimits.MAX_IDENTIFIER_LENGTH
                + " letters, digits, '_' or '-', not '" + abbreviate(customerId) + "'");
    }

    /**
     * Every field of the body, with each error named; but past {@link ApiLimits#MAX_ITEMS} lines only the count:
     * checking every field of 21,000 lines cost seconds of CPU for one refusal (and every error hashed the whole
     * request), so the work a body can ask for is bounded by the limit, not by its size.
     */
    private void validate(CreateOrderRequest request) {
        Set<? extends ConstraintViolation<?>> violations = request.items() != null && request.items().size() > ApiLimits.MAX_ITEMS
                ? validator.validateProperty(request, "items")
                : validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }

    /** The query parameters of {@code GET /orders}, exactly as written: another spelling is a mistake to report, not to ignore. */
    static final List<String> LIST_PARAMETERS = List.of("status", "limit", "next_token", "customer_id");

    /** Digits only: no sign, no blank, no leading plus that a number parser would take. */
    private static int pageSize(String limit) {
        if (limit.matches("[0-9]{1,3}")) {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= ApiLimits.MAX_PAGE_SIZE) {
                return size;
            }
        }
        throw new HttpStatusException(HttpStatus.BAD_REQUEST, "limit " + LIMIT_RANGE + ", not '" + abbreviate(limit) + "'");
    }

    /** Echoing a client's value helps it; echoing a megabyte of it does not. */
    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
