package io.serverlessorch.local.check;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the order API: the local run, or a deployed stage, whose requests it signs with SigV4 (IAM
 * authorization) using the default AWS credentials.
 */
final class ApiClient {

    private static final Pattern EXECUTE_API = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");

    record Response(int status, String contentType, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String signingRegion;

    ApiClient(String apiUrl) {
        this.base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        Matcher deployed = EXECUTE_API.matcher(URI.create(base).getHost());
        this.signingRegion = deployed.matches() ? deployed.group(1) : null;
    }

    boolean signs() {
        return signingRegion != null;
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response post(String path, String body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    Response send(String method, String path, String body, Map<String, String> headers) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (signingRegion != null) {
            sign(method, uri, body, headers).forEach((name, value) -> {
                if (!name.equalsIgnoreCase("host") && !headers.containsKey(name)) {
                    request.header(name, value);
                }
            });
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            // A refused connection comes without a message.
            String why = e instanceof ConnectException ? "connection refused" : e.getMessage() != null ? e.getMessage() : e.toString();
            throw new IllegalStateException("Cannot reach " + uri + ": " + why + " (is the API running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** The SigV4 headers for an {@code execute-api} request. */
    private Map<String, String> sign(String method, URI uri, String body, Map<String, String> headers) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(DefaultCredentialsProvider.builder().build().resolveCredentials())
                .request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
        Map<String, String> signedHeaders = new HashMap<>();
        signed.request().forEachHeader((name, values) -> signedHeaders.put(name, values.get(0)));
        return signedHeaders;
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }
}
