package io.serverlessorch.local.bench;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.local.ApiGatewayHttpBridge;
import io.serverlessorch.local.LocalSystem;

import java.net.URI;
import java.util.Map;

/**
 * The order API handler, set up as the local run sets up its own (the same class, on the run's DynamoDB
 * Local and tables), behind its own HTTP bridge, with each invocation timed: the local run gives no hook
 * around its API handler, and the time the handler runs is what Lambda bills, where the client's latency
 * also holds the HTTP round trip and the bridge. The benchmark's orders go through this one.
 */
final class TimedApi implements AutoCloseable {

    private final OrderApiHandler handler;
    private final ApiGatewayHttpBridge bridge;

    private TimedApi(OrderApiHandler handler, ApiGatewayHttpBridge bridge) {
        this.handler = handler;
        this.bridge = bridge;
    }

    static TimedApi start(LocalSystem system, FunctionTimes times) {
        // The settings LocalSystem gives its own API handler.
        OrderApiHandler handler = new OrderApiHandler(ApplicationContext.builder().properties(Map.of(
                "aws.services.dynamodb.endpoint-override", system.dynamoDbEndpoint().toString(),
                "orch.tables.orders", system.tables().orders(),
                "orch.tables.catalog", system.tables().catalog())).build());
        try {
            return new TimedApi(handler, new ApiGatewayHttpBridge(times.api(handler), LocalSystem.Options.LOOPBACK, 0));
        } catch (RuntimeException e) {
            handler.getApplicationContext().close();
            throw e;
        }
    }

    URI url() {
        return URI.create("http://localhost:" + bridge.port());
    }

    @Override
    public void close() {
        bridge.close();
        handler.getApplicationContext().close();
    }
}
