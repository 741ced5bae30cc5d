package io.serverlessorch.local;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code /docs}: Swagger UI over the document the local run serves ({@code /openapi/openapi.yml}). The page and
 * its initializer are this module's; Swagger UI itself comes from its WebJar on this classpath, so the page loads
 * nothing from the network. A page of the local run only: the Lambda jar has neither.
 */
final class DocsPage {

    static final String PATH = "/docs";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png");

    /** The files the page may load, by their path under /docs/, and where each is on the classpath. */
    private final Map<String, String> files = new LinkedHashMap<>();

    DocsPage() {
        Properties webjars = new Properties();
        try (InputStream in = resource("docs/webjars.properties")) {
            webjars.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String swaggerUi = webjars.getProperty("swagger-ui");
        files.put("", "docs/index.html");
        files.put("docs-initializer.js", "docs/docs-initializer.js");
        for (String name : new String[] {"swagger-ui.css", "index.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                "favicon-32x32.png", "favicon-16x16.png"}) {
            files.put(name, swaggerUi + name);
        }
    }

    /** Whether {@code path} is the docs page's. */
    static boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    void handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String below = path.equals(PATH) ? "" : path.substring(PATH.length() + 1);
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            byte[] problem = Problems.json(HttpStatus.METHOD_NOT_ALLOWED_405, "The docs are read-only: use GET").getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, problem.length);
            response.write(true, ByteBuffer.wrap(problem), callback);
            return;
        }
        String file = files.get(below);
        if (file == null) {
            Problems.write(response, callback, HttpStatus.NOT_FOUND_404, "The docs have no " + path + "; the page is at " + PATH);
            return;
        }
        byte[] bytes;
        try (InputStream in = resource(file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.getOrDefault(file.substring(file.lastIndexOf('.') + 1), "application/octet-stream"));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static InputStream resource(String name) {
        InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("The docs page's file " + name + " is missing from the classpath");
        }
        return in;
    }
}
