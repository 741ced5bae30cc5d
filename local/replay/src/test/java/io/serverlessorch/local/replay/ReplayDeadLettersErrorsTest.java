package io.serverlessorch.local.replay;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.serverlessorch.local.replay.ReplayDeadLettersQueueTest.lines;
import static io.serverlessorch.local.replay.ReplayDeadLettersQueueTest.printingTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * When the stage's queue cannot be read (no credentials, refused ones, no such queue, no region), the replay
 * says so in one line and exits 1: the SDK's exceptions come from a real SQS client, answered by a stand-in
 * of SQS's JSON API on this machine.
 */
class ReplayDeadLettersErrorsTest {

    private static final String QUEUE = "serverless-orch-dev-stream-dead-letters";
    private static final AwsCredentialsProvider SOME_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    private HttpServer sqs;
    private volatile Answer answer;

    /** What the stand-in SQS says to every request. */
    private record Answer(int status, String queryError, String type, String message) {
    }

    @BeforeEach
    void startStandInSqs() throws IOException {
        sqs = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        sqs.createContext("/", exchange -> {
            byte[] body = ("{\"__type\":\"" + answer.type() + "\",\"message\":\"" + answer.message() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-query-error", answer.queryError());
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sqs.start();
    }

    @AfterEach
    void stopStandInSqs() {
        sqs.stop(0);
    }

    @Test
    void aQueueThatDoesNotExistIsOneLineNamingItsStageAndRegion() {
        answer = new Answer(400, "AWS.SimpleQueueService.NonExistentQueue;Sender", "com.amazonaws.sqs#QueueDoesNotExist",
                "The specified queue does not exist.");

        assertOneLine("There is no dead-letter queue serverless-orch-dev-stream-dead-letters in eu-west-2: check the stage name (dev)"
                + " and the region (AWS_REGION, or your AWS profile's region).", SOME_CREDENTIALS);
    }

    @Test
    void credentialsAwsDoesNotAcceptAreOneLine() {
        answer = new Answer(403, "InvalidClientTokenId;Sender", "com.amazon.coral.service#InvalidClientTokenId",
                "The security token included in the request is invalid.");

        assertOneLine("AWS refused the credentials reading the dead-letter queue serverless-orch-dev-stream-dead-letters of stage dev"
                + " in eu-west-2 (InvalidClientTokenId: The security token included in the request is invalid.): they are wrong or"
                + " expired; renew them (aws sso login, or new keys) and run again.", SOME_CREDENTIALS);
    }

    @Test
    void credentialsWithoutTheRightToReadTheQueueAreOneLine() {
        answer = new Answer(403, "AccessDenied;Sender", "com.amazon.coral.service#AccessDeniedException",
                "User: arn:aws:iam::000000000000:user/ops is not authorized to perform: sqs:getqueueurl");

        assertOneLine("The AWS credentials may not read the dead-letter queue serverless-orch-dev-stream-dead-letters of stage dev in"
                + " eu-west-2 (AccessDenied: User: arn:aws:iam::000000000000:user/ops is not authorized to perform: sqs:getqueueurl):"
                + " use a profile allowed to read the queue, the orders stream and table, and to invoke the stage's functions.",
                SOME_CREDENTIALS);
    }

    @Test
    void noCredentialsAtAllIsOneLine(@TempDir Path home) throws IOException {
        // The SDK's own chain, looking where nothing is
        Path noCredentials = Files.writeString(home.resolve("credentials"), "");
        AwsCredentialsProvider none = AwsCredentialsProviderChain.of(ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(noCredentials).type(ProfileFile.Type.CREDENTIALS).build()).build());

        assertOneLine("No AWS credentials found to read the dead-letter queue serverless-orch-dev-stream-dead-letters of stage dev in"
                + " eu-west-2: set AWS_PROFILE (after aws configure or aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", none);
    }

    @Test
    void noRegionForAStageIsOneLineSayingHowToSetIt(@TempDir Path home) throws IOException {
        Path configWithoutRegion = Files.writeString(home.resolve("config"), "[default]\noutput = json\n");
        AwsRegionProviderChain regions = new AwsRegionProviderChain(new AwsProfileRegionProvider(
                () -> ProfileFile.builder().content(configWithoutRegion).type(ProfileFile.Type.CONFIGURATION).build(), "default"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = ReplayDeadLetters.replayStage("dev", regions, printingTo(out), printingTo(err));

        assertEquals(List.of("No AWS region for --stage dev: set AWS_REGION, or a region in your AWS profile (aws configure set region <region>)."),
                lines(err));
        assertEquals(List.of(), lines(out));
        assertEquals(1, status);
    }

    private void assertOneLine(String expected, AwsCredentialsProvider credentials) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (SqsClient client = SqsClient.builder().region(Region.EU_WEST_2).credentialsProvider(credentials)
                .endpointOverride(URI.create("http://localhost:" + sqs.getAddress().getPort()))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            QueueReplay queue = new QueueReplay(client, null, orderId -> {
                throw new AssertionError("no order was to be replayed");
            }, "serverless-orch-dev", printingTo(out));

            int status = ReplayDeadLetters.replayQueue(queue, "dev", Region.EU_WEST_2, printingTo(err));

            assertEquals(List.of(expected), lines(err));
            assertFalse(err.toString(StandardCharsets.UTF_8).contains("\tat "), "no stack trace");
            assertEquals(List.of(), lines(out));
            assertEquals(1, status);
        }
    }
}
