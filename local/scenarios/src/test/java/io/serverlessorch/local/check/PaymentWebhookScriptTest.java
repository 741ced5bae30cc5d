package io.serverlessorch.local.check;

import io.serverlessorch.local.LocalSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.serverlessorch.local.SampleCatalog.orderRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** scripts/payment_webhook.sh plays the payment provider against a real local run: its signature is accepted. */
class PaymentWebhookScriptTest {

    private static final Path SCRIPT = Path.of("../../scripts/payment_webhook.sh").toAbsolutePath().normalize();
    private static LocalSystem system;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        assumeTrue(onPath("curl") && onPath("openssl"), "the script needs curl and openssl");
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
        api = new ApiClient(system.apiUrl().toString());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aSucceededEventConfirmsTheWaitingPaymentAndTheSameEventAgainChangesNothing() throws Exception {
        String orderId = placeAndAwaitWait();

        Run confirmed = run("--order", orderId, "--outcome", "succeeded", "--api-url", system.apiUrl().toString(), "--event-id", "evt_script_1");
        Run again = run("--order", orderId, "--outcome", "succeeded", "--api-url", system.apiUrl().toString(), "--event-id", "evt_script_1");

        assertEquals(0, confirmed.status(), confirmed.output());
        assertTrue(confirmed.output().contains("HTTP 200 ") && confirmed.output().contains("\"outcome\":\"confirmed\""), confirmed.output());
        assertEquals("COMPLETED", awaitStatus(orderId, "COMPLETED"));
        assertEquals(0, again.status(), again.output());
        assertTrue(again.output().contains("\"outcome\":\"already_settled\""), again.output());
    }

    @Test
    void aFailedEventEndsTheOrderPaymentFailed() throws Exception {
        String orderId = placeAndAwaitWait();

        Run refused = run("--order", orderId, "--outcome", "failed", "--api-url", system.apiUrl().toString());

        assertEquals(0, refused.status(), refused.output());
        assertTrue(refused.output().contains("\"outcome\":\"refused\""), refused.output());
        assertEquals("PAYMENT_FAILED", awaitStatus(orderId, "PAYMENT_FAILED"));
    }

    @Test
    void anotherSecretIsRefusedWith401AndANonZeroExitAndTheOrderWaitsOn() throws Exception {
        String orderId = placeAndAwaitWait();

        Run forged = run("--order", orderId, "--outcome", "succeeded", "--api-url", system.apiUrl().toString(), "--secret", "whsec_not_the_one");

        assertEquals(1, forged.status(), forged.output());
        assertTrue(forged.output().contains("HTTP 401 "), forged.output());
        assertEquals("PAYMENT_PENDING", ApiClient.field(api.get("/orders/" + orderId).body(), "status"));
    }

    @Test
    void anUnknownOrderIsSaidPlainly() throws Exception {
        Run unknown = run("--order", "00000000-0000-4000-8000-000000000000", "--outcome", "succeeded", "--api-url", system.apiUrl().toString());

        assertEquals(1, unknown.status(), unknown.output());
        assertTrue(unknown.output().contains("answered HTTP 404"), unknown.output());
    }

    @Test
    void helpPrintsTheUsageAndABadOptionExitsTwo() throws Exception {
        Run help = run("--help");
        Run bad = run("--order", "abc", "--outcome", "maybe");

        assertEquals(0, help.status());
        assertTrue(help.output().contains("--order ID --outcome succeeded|failed"), help.output());
        assertEquals(2, bad.status(), bad.output());
        assertTrue(bad.output().contains("--outcome must be succeeded or failed, not 'maybe'"), bad.output());
    }

    private static String placeAndAwaitWait() throws InterruptedException {
        ApiClient.Response created = api.post("/orders", orderRequest("product-2", 1, "5.00", "tok_3ds"), Map.of("Content-Type", "application/json"));
        assertEquals(201, created.status(), created.body());
        String orderId = ApiClient.field(created.body(), "order_id");
        assertEquals("PAYMENT_PENDING", awaitStatus(orderId, "PAYMENT_PENDING"));
        return orderId;
    }

    private static String awaitStatus(String orderId, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        String status = null;
        while (Instant.now().isBefore(deadline) && !wanted.equals(status)) {
            status = ApiClient.field(api.get("/orders/" + orderId).body(), "status");
            Thread.sleep(wanted.equals(status) ? 0 : 100);
        }
        return status;
    }

    record Run(int status, String output) {
    }

    /** The script, with the environment's own webhook secret left out so that its default is the one tested. */
    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder script = new ProcessBuilder(command).redirectErrorStream(true);
        script.environment().remove("ORCH_PAYMENT_WEBHOOK_SECRET");
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS), "the script did not finish");
        return new Run(process.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        try {
            Process probe = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
