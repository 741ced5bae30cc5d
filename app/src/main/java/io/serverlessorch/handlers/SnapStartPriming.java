package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Warms a function while Lambda builds its SnapStart snapshot, so that restored copies start with classes
 * loaded and code paths run instead of paying for it on their first request. Only then: a plain cold start
 * or the local run gains nothing from it. Priming touches no data.
 */
final class SnapStartPriming {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private SnapStartPriming() {
    }

    /** Lambda sets this while it initialises a function version for its snapshot. */
    static boolean snapshotting() {
        return "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /**
     * Runs the API's request path (routing, JSON, validation, errors) with requests that end before storage:
     * an unknown order id and an invalid order.
     *
     * @return the status of each priming request
     */
    static List<Integer> primeApi(Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api) {
        List<Integer> statuses = List.of(
                api.apply(event("GET", "/orders/not-an-order-id", null)).getStatusCode(),
                api.apply(event("POST", "/orders", """
                        {"customer": {"customer_id": "priming", "email": "not-an-email", "name": "P"},
                         "items": [{"product_id": "p", "quantity": 0, "unit_price": 1.00}],
                         "shipping_address": {"street": "s", "city": "c", "postal_code": "1", "country": "US"},
                         "payment": {"payment_method": "credit_card"}}""")).getStatusCode());
        LOG.info("Primed the API for the snapshot: {}", statuses);
        return statuses;
    }

    private static APIGatewayProxyRequestEvent event(String method, String path, String body) {
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withHeaders(headers)
                .withMultiValueHeaders(body == null ? Map.of() : Map.of("Content-Type", List.of("application/json")))
                .withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("snapstart-priming").withStage("priming"));
    }
}
