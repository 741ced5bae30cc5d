package io.serverlessorch.local.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.local.OptionValues;
import io.serverlessorch.local.stream.JsonLinesDeadLetters;
import io.serverlessorch.metrics.MetricDocumentSink;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scripts/replay-dead-letters.sh}: drives the orders of the stream's dead letters on.
 *
 * <pre>
 * --local [--data-dir DIR] [--endpoint URL]   the local run's dead letters (DIR/dead-letters.jsonl, default
 *                                             .local-data) against its DynamoDB Local (http://localhost:8000)
 * --stage NAME                                a deployed stage's dead-letter queue; steps are invoked on
 *                                             their functions with the default AWS credentials and region
 * </pre>
 *
 * Each dead letter is replayed on its own and reported in a line (see {@link ReplayReport}); the exit status
 * is 1 only when something is left that running it again could do. Safe to run twice. A dead letter whose
 * orders are done with leaves the local file, as a deployed queue's message is deleted.
 */
public final class ReplayDeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** AWS's error codes for credentials it does not accept: unknown, mistyped, or expired. */
    private static final Set<String> REFUSED_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "InvalidSignatureException", "IncompleteSignature", "ExpiredToken", "ExpiredTokenException",
            "InvalidAccessKeyId", "MissingAuthenticationToken");

    private ReplayDeadLetters() {
    }

    static final String USAGE = "usage: replay-dead-letters.sh --local [--data-dir DIR] [--endpoint URL] | --stage NAME";

    /** Either a stage, or the local run's data directory and DynamoDB Local. */
    record Options(String stage, Path dataDir, URI endpoint) {
    }

    public static void main(String[] args) throws IOException {
        Options options = OptionValues.parseOrExit(args, ReplayDeadLetters::parse, USAGE);
        System.exit(options.stage() != null
                ? replayStage(options.stage(), new DefaultAwsRegionProviderChain(), System.out, System.err)
                : replayLocal(options.dataDir().resolve("dead-letters.jsonl"), options.endpoint(), Tables.DEFAULT_PREFIX, System.out));
    }

    /** Replays the local run's dead letters, one line of the file at a time; returns the exit status. */
    public static int replayLocal(Path deadLetters, URI dynamoDbEndpoint, String tablePrefix, PrintStream out) throws IOException {
        List<String> lines = Files.exists(deadLetters) ? Files.readAllLines(deadLetters) : List.of();
        if (lines.stream().allMatch(String::isBlank)) {
            out.println("No dead letters in " + deadLetters + ": nothing to replay.");
            return 0;
        }
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
             StreamProcessorHandler processor = new StreamProcessorHandler(processorContext(Map.of(
                     "aws.services.dynamodb.endpoint-override", dynamoDbEndpoint.toString(),
                     "orch.tables.orders", Tables.ordersTableName(tablePrefix),
                     "orch.tables.catalog", Tables.catalogTableName(tablePrefix),
                     "orch.steps.invoker", "in-process")))) {
            DeadLetterReplay replay = new DeadLetterReplay(dynamoDb, Tables.ordersTableName(tablePrefix), processor);
            ReplayReport report = new ReplayReport(out);
            List<String> done = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String deadLetter = deadLetters.getFileName() + " line " + (i + 1);
                Set<String> orderIds;
                try {
                    orderIds = orderIdsIn(lines.get(i));
                } catch (IllegalArgumentException e) {
                    report.add(deadLetter, ReplayReport.Outcome.UNREADABLE, e.getMessage(), List.of());
                    continue;
                }
                List<DeadLetterReplay.Outcome> orders = orderIds.stream().map(replay::replay).toList();
                ReplayReport.Outcome outcome = ReplayReport.Outcome.of(orders);
                report.add(deadLetter, outcome, orders.size() + " order" + (orders.size() == 1 ? "" : "s"), orders);
                if (outcome.done()) {
                    done.add(lines.get(i));
                }
            }
            report.summary();
            // As a queue's message is deleted: the file keeps only the letters something is left to do for.
            new JsonLinesDeadLetters(deadLetters).remove(done);
            if (!done.isEmpty()) {
                out.println("Removed " + done.size() + " dead letter" + (done.size() == 1 ? "" : "s") + " done with from " + deadLetters + ".");
            }
            return report.exitStatus();
        }
    }

    /**
     * The order ids named by the records of one line of a local dead-letter file.
     *
     * @throws IllegalArgumentException when the line is not a dead letter
     */
    static Set<String> orderIdsIn(String line) {
        JsonNode records;
        try {
            records = JSON.readTree(line).path("records");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a dead letter: not JSON");
        }
        if (!records.isArray()) {
            throw new IllegalArgumentException("not a dead letter: it has no records");
        }
        Set<String> orderIds = new LinkedHashSet<>();
        for (JsonNode record : records) {
            JsonNode orderId = record.path("keys").path(Tables.Orders.PARTITION_KEY);
            if (orderId.isTextual()) {
                orderIds.add(orderId.asText());
            }
        }
        return orderIds;
    }

    /**
     * Replays a deployed stage's dead-letter queue; returns the exit status. Its region is the SDK's default
     * chain's (AWS_REGION, then the profile's); when there is none, or the queue cannot be read, one line on
     * {@code err} says what to do.
     */
    static int replayStage(String stage, AwsRegionProvider regions, PrintStream out, PrintStream err) {
        Region region;
        try {
            region = regions.getRegion();
        } catch (SdkClientException e) {
            err.println("No AWS region for --stage " + stage + ": set AWS_REGION, or a region in your AWS profile"
                    + " (aws configure set region <region>).");
            return 1;
        }
        String prefix = prefix(stage);
        Map<String, Object> settings = new HashMap<>(Map.of(
                "orch.tables.orders", Tables.ordersTableName(prefix),
                "orch.tables.catalog", Tables.catalogTableName(prefix),
                "orch.steps.invoker", "lambda"));
        for (Step step : Step.values()) {
            settings.put("orch.steps.functions." + step.id(), prefix + "-" + step.id() + ":live");
        }
        try (SqsClient sqs = SqsClient.builder().region(region).build();
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().region(region).build();
             DynamoDbClient dynamoDb = DynamoDbClient.builder().region(region).build();
             StreamProcessorHandler processor = new StreamProcessorHandler(processorContext(settings))) {
            DeadLetterReplay replay = new DeadLetterReplay(dynamoDb, Tables.ordersTableName(prefix), processor);
            return replayQueue(new QueueReplay(sqs, streams, replay::replay, prefix, out), stage, region, err);
        }
    }

    /** The start of a stage's resource names. */
    static String prefix(String stage) {
        return "serverless-orch-" + stage;
    }

    /** Replays the queue; when the queue itself cannot be read, says why in one line on {@code err}, not with a stack trace. */
    static int replayQueue(QueueReplay queue, String stage, Region region, PrintStream err) {
        try {
            return queue.replayAll();
        } catch (SdkException e) {
            err.println(cannotReadQueue(e, queue.queueName(), stage, region));
            return 1;
        }
    }

    /** What failed, where, and what to do about it, in one line. */
    static String cannotReadQueue(SdkException e, String queueName, String stage, Region region) {
        if (e instanceof QueueDoesNotExistException) {
            return "There is no dead-letter queue " + queueName + " in " + region + ": check the stage name (" + stage
                    + ") and the region (AWS_REGION, or your AWS profile's region).";
        }
        String queue = "the dead-letter queue " + queueName + " of stage " + stage + " in " + region;
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = String.valueOf(service.awsErrorDetails().errorCode());
            if (REFUSED_CREDENTIALS.contains(code)) {
                return "AWS refused the credentials reading " + queue + " (" + Problems.oneLine(e) + "): they are wrong or expired;"
                        + " renew them (aws sso login, or new keys) and run again.";
            }
            if (code.contains("AccessDenied")) {
                return "The AWS credentials may not read " + queue + " (" + Problems.oneLine(e) + "): use a profile allowed to read"
                        + " the queue, the orders stream and table, and to invoke the stage's functions.";
            }
            return "Reading " + queue + " failed (" + Problems.oneLine(e) + ").";
        }
        // The SDK's default chain found no credentials anywhere; its message lists every place it looked.
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
            return "No AWS credentials found to read " + queue + ": set AWS_PROFILE (after aws configure or aws sso login),"
                    + " or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.";
        }
        return "Could not reach " + queue + " (" + Problems.oneLine(e) + "): check the network and the region.";
    }

    /** The stream processor's context; its metric documents would reach no CloudWatch from here, and would break up the report. */
    private static ApplicationContextBuilder processorContext(Map<String, Object> settings) {
        return ApplicationContext.builder().properties(settings).singletons(new NoMetricDocuments());
    }

    private record NoMetricDocuments() implements MetricDocumentSink {
        @Override
        public void write(String document) {
            // dropped: see processorContext
        }
    }

    /** @throws IllegalArgumentException with a one-line message for the person who typed the options */
    static Options parse(String[] args) {
        boolean local = false;
        String stage = null;
        String dataDir = null;
        String endpoint = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--local" -> local = true;
                case "--stage" -> stage = OptionValues.stageName(OptionValues.value(args, ++i));
                case "--data-dir" -> dataDir = OptionValues.value(args, ++i);
                case "--endpoint" -> endpoint = OptionValues.value(args, ++i);
                default -> throw new IllegalArgumentException(args[i].startsWith("-")
                        ? "Unknown option " + args[i] : "Unexpected argument '" + args[i] + "'");
            }
        }
        if (local == (stage != null)) {
            throw new IllegalArgumentException(local ? "Choose one: --local or --stage NAME, not both" : "Say which dead letters: --local or --stage NAME");
        }
        if (stage != null && (dataDir != null || endpoint != null)) {
            throw new IllegalArgumentException("--data-dir and --endpoint go with --local");
        }
        return stage != null ? new Options(stage, null, null)
                : new Options(null, OptionValues.directory(dataDir == null ? ".local-data" : dataDir, "--data-dir"),
                OptionValues.httpUrl(endpoint == null ? "http://localhost:8000" : endpoint, "--endpoint", "http://localhost:8000"));
    }
}
