package io.serverlessorch.local.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.local.OptionValues;
import io.serverlessorch.metrics.MetricDocumentSink;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *                                             their functions with the default AWS credentials
 * </pre>
 *
 * Safe to run twice. A local dead-letter file is left as it is (replaying it again changes nothing); a
 * deployed queue's message is deleted once each of its orders was handed on without a failure.
 */
public final class ReplayDeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayDeadLetters() {
    }

    static final String USAGE = "usage: replay-dead-letters.sh --local [--data-dir DIR] [--endpoint URL] | --stage NAME";

    /** Either a stage, or the local run's data directory and DynamoDB Local. */
    record Options(String stage, Path dataDir, URI endpoint) {
    }

    public static void main(String[] args) throws Exception {
        Options options = OptionValues.parseOrExit(args, ReplayDeadLetters::parse, USAGE);
        if (options.stage() != null) {
            replayStage(options.stage());
        } else {
            int failed = replayLocal(options.dataDir().resolve("dead-letters.jsonl"), options.endpoint(), Tables.DEFAULT_PREFIX);
            System.exit(failed == 0 ? 0 : 1);
        }
    }

    /** Replays the local run's dead letters; returns how many orders are still failing. */
    public static int replayLocal(Path deadLetters, URI dynamoDbEndpoint, String tablePrefix) throws IOException {
        Set<String> orderIds = orderIdsIn(deadLetters);
        System.out.println(orderIds.size() + " order(s) in " + deadLetters);
        if (orderIds.isEmpty()) {
            return 0;
        }
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
             StreamProcessorHandler processor = new StreamProcessorHandler(processorContext(Map.of(
                     "aws.services.dynamodb.endpoint-override", dynamoDbEndpoint.toString(),
                     "orch.tables.orders", Tables.ordersTableName(tablePrefix),
                     "orch.tables.catalog", Tables.catalogTableName(tablePrefix),
                     "orch.steps.invoker", "in-process")))) {
            return report(new DeadLetterReplay(dynamoDb, Tables.ordersTableName(tablePrefix), processor), orderIds);
        }
    }

    /** The order ids named by the records of a local dead-letter file (one JSON object per line). */
    static Set<String> orderIdsIn(Path deadLetters) throws IOException {
        Set<String> orderIds = new LinkedHashSet<>();
        if (!Files.exists(deadLetters)) {
            return orderIds;
        }
        for (String line : Files.readAllLines(deadLetters)) {
            if (line.isBlank()) {
                continue;
            }
            for (JsonNode record : JSON.readTree(line).path("records")) {
                JsonNode orderId = record.path("keys").path(Tables.Orders.PARTITION_KEY);
                if (orderId.isTextual()) {
                    orderIds.add(orderId.asText());
                }
            }
        }
        return orderIds;
    }

    private static void replayStage(String stage) throws IOException {
        String prefix = "serverless-orch-" + stage;
        Map<String, Object> settings = new HashMap<>(Map.of(
                "orch.tables.orders", Tables.ordersTableName(prefix),
                "orch.tables.catalog", Tables.catalogTableName(prefix),
                "orch.steps.invoker", "lambda"));
        for (Step step : Step.values()) {
            settings.put("orch.steps.functions." + step.name().toLowerCase(), prefix + "-" + step.name().toLowerCase() + ":live");
        }
        try (SqsClient sqs = SqsClient.create();
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.create();
             DynamoDbClient dynamoDb = DynamoDbClient.create();
             StreamProcessorHandler processor = new StreamProcessorHandler(processorContext(settings))) {
            DeadLetterReplay replay = new DeadLetterReplay(dynamoDb, Tables.ordersTableName(prefix), processor);
            String queueUrl = sqs.getQueueUrl(request -> request.queueName(prefix + "-stream-dead-letters")).queueUrl();
            int failed = 0;
            while (true) {
                List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).visibilityTimeout(300).waitTimeSeconds(1)).messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (Message message : messages) {
                    Set<String> orderIds = orderIdsOfBatch(streams, JSON.readTree(message.body()).path("DDBStreamBatchInfo"));
                    int stillFailing = report(replay, orderIds);
                    failed += stillFailing;
                    if (stillFailing == 0) {
                        sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    }
                }
            }
            System.exit(failed == 0 ? 0 : 1);
        }
    }

    /**
     * The orders of a dead-lettered batch: its records read again from the stream, which keeps them 24 hours.
     * A dead letter holds only the batch's coordinates.
     */
    static Set<String> orderIdsOfBatch(DynamoDbStreamsClient streams, JsonNode batch) {
        String streamArn = batch.path("streamArn").asText();
        BigInteger last = new BigInteger(batch.path("endSequenceNumber").asText());
        String iterator = streams.getShardIterator(request -> request.streamArn(streamArn)
                .shardId(batch.path("shardId").asText())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(batch.path("startSequenceNumber").asText())).shardIterator();
        Set<String> orderIds = new LinkedHashSet<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(current));
            for (Record record : page.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(last) > 0) {
                    return orderIds;
                }
                var orderId = record.dynamodb().keys().get(Tables.Orders.PARTITION_KEY);
                if (orderId != null) {
                    orderIds.add(orderId.s());
                }
            }
            iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
        return orderIds;
    }

    private static int report(DeadLetterReplay replay, Set<String> orderIds) {
        int failed = 0;
        System.out.printf("%-38s %-20s %-20s %s%n", "order", "before", "after", "");
        for (String orderId : orderIds) {
            DeadLetterReplay.Outcome outcome = replay.replay(orderId);
            System.out.printf("%-38s %-20s %-20s %s%n", outcome.orderId(), outcome.statusBefore(), outcome.statusAfter(), outcome.note());
            if (outcome.note().startsWith("the processor failed")) {
                failed++;
            }
        }
        return failed;
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
