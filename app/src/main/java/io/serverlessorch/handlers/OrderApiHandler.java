package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

/**
 * The order API Lambda: API Gateway (REST, proxy integration) events in, proxy responses out, routed by
 * Micronaut to {@link io.serverlessorch.api.OrderController}. The local run calls this same class.
 */
public class OrderApiHandler extends ApiGatewayProxyRequestEventFunction {

    public OrderApiHandler() {
        super();
        if (SnapStartPriming.snapshotting()) {
            SnapStartPriming.primeApi(event -> handleRequest(event, null));
        }
    }

    public OrderApiHandler(ApplicationContext applicationContext) {
        super(applicationContext);
    }
}
