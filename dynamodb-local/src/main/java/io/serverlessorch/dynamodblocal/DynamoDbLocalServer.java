package io.serverlessorch.dynamodblocal;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DynamoDB Local running inside this JVM behind its usual HTTP endpoint, so clients talk to it
 * exactly as they talk to DynamoDB. It takes any credentials, so it listens on one address only: loopback
 * unless the caller says otherwise.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    /**
     * DynamoDB Local's AWS SDK 1 warns, through java.util.logging, that JAXB is missing and it falls back to its own
     * Base64 codec: a line that reads like a failure and means nothing here. Held in a field so the setting stays.
     */
    private static final Logger SDK_BASE64_LOGGER = quiet("com.amazonaws.util.Base64");

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** The address a server listens on unless told otherwise: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Starts a server on loopback that keeps its tables in memory only; {@code port} 0 picks a free port. */
    public static DynamoDbLocalServer inMemory(int port) {
        return start(LOOPBACK, port, null);
    }

    /** Starts a server on {@code host} that keeps its tables in memory only. */
    public static DynamoDbLocalServer inMemory(String host, int port) {
        return start(host, port, null);
    }

    /** Starts a server on {@code host} that keeps its tables in {@code dataDir}, so they survive a restart. */
    public static DynamoDbLocalServer persistent(String host, int port, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dataDir, e);
        }
        return start(host, port, dataDir);
    }

    private static DynamoDbLocalServer start(String host, int requestedPort, Path dataDir) {
        int port = requestedPort == 0 ? freePort() : requestedPort;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        try {
            // createServer, not createServerFromCommandLineArgs: the latter prints its configuration to standard
            // output, a dump a local run's user would take for an error.
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalArgumentException("DynamoDB Local refused the options " + args);
            }
            DynamoDBProxyServer server = ServerRunner.createServer(input);
            listenOnlyOn(server, host);
            server.start();
            String endpointHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
            return new DynamoDbLocalServer(server, URI.create("http://" + endpointHost + ":" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * DynamoDB Local's own options have no address: its Jetty server is made for a port on every interface.
     * The address is set on that server's connectors before it starts.
     */
    private static void listenOnlyOn(DynamoDBProxyServer proxy, String host) throws ReflectiveOperationException {
        Connector[] connectors = jettyOf(proxy).getConnectors();
        if (connectors.length == 0) {
            throw new IllegalStateException("DynamoDB Local's server has no connector to bind to " + host);
        }
        for (Connector connector : connectors) {
            ((ServerConnector) connector).setHost(host);
        }
    }

    /** The address and port the server listens on, as its socket says. */
    public InetSocketAddress listeningOn() {
        try {
            ServerConnector connector = (ServerConnector) jettyOf(server).getConnectors()[0];
            return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("Cannot read DynamoDB Local's address", e);
        }
    }

    private static Server jettyOf(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        return (Server) field.get(proxy);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
