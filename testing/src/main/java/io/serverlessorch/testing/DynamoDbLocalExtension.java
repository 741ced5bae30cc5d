package io.serverlessorch.testing;

import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.net.URI;

/**
 * Gives a test a DynamoDB Local endpoint: a Testcontainers {@code amazon/dynamodb-local} container
 * where a Docker engine answers, else DynamoDB Local in this JVM. One instance serves the whole test
 * run; test classes isolate themselves by creating tables under their own names.
 *
 * <p>Declare a {@link URI} parameter (constructor, lifecycle or test method) to receive the endpoint.
 */
public final class DynamoDbLocalExtension implements ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalExtension.class);
    static final String IMAGE = "amazon/dynamodb-local:2.6.1";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return endpoint(context);
    }

    /** The endpoint of the run-wide DynamoDB Local, started on first use and stopped when the run ends. */
    public static URI endpoint(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(DynamoDbLocalExtension.class))
                .getOrComputeIfAbsent("dynamodb-local", key -> start(), Backend.class)
                .endpoint();
    }

    private static Backend start() {
        if (dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>(IMAGE)
                    .withCommand("-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb")
                    .withExposedPorts(8000);
            container.start();
            URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(8000));
            LOG.info("DynamoDB Local for tests: Testcontainers container {} at {} (Docker Engine {})",
                    IMAGE, endpoint, DockerClientFactory.instance().getInfo().getServerVersion());
            return new Backend(endpoint, container::stop);
        }
        DynamoDbLocalServer server = DynamoDbLocalServer.inMemory(0);
        LOG.info("DynamoDB Local for tests: in process at {} (no Docker engine found)", server.endpoint());
        return new Backend(server.endpoint(), server::close);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Closed by JUnit when the root context ends, that is after the last test class. */
    private record Backend(URI endpoint, Runnable stop) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stop.run();
        }
    }
}
