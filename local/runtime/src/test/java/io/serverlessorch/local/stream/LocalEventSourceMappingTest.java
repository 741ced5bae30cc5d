package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import io.serverlessorch.local.stream.LocalEventSourceMapping.Settings;
import io.serverlessorch.local.stream.LocalStreams.StreamedTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping against DynamoDB Local's real streams, with fake handlers. */
@Timeout(60)
class LocalEventSourceMappingTest {

    /** Generous: only a broken mapping gets anywhere near it. */
    private static final Duration CATCH_UP = Duration.ofSeconds(20);
    private static final Settings QUICK = Settings.defaults()
            .withIdlePollInterval(Duration.ofMillis(20))
            .withRetryBackoff(Duration.ofMillis(10));

    private static LocalStreams local;

    private final List<LocalEventSourceMapping> mappings = new ArrayList<>();
    private final StreamedTable table = local.createTable();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();

    @BeforeAll
    static void startDynamoDbLocal() {
        local = new LocalStreams();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        local.close();
    }

    @AfterEach
    void closeMappings() {
        mappings.forEach(LocalEventSourceMapping::close);
    }

    private LocalEventSourceMapping start(ScriptedHandler handler, Settings settings, Checkpoints checkpoints) {
        LocalEventSourceMapping mapping = new LocalEventSourceMapping(local.streams, table.streamArn(), handler, settings,
                deadLetters, checkpoints);
        mappings.add(mapping);
        mapping.start();
        return mapping;
    }

    private static void assertCatchesUp(LocalEventSourceMapping mapping) {
        assertTrue(mapping.awaitIdle(CATCH_UP), "the mapping caught up with the stream");
    }

    /** What a handler should see for one write: the event name and the item's images. */
    private record Expected(String eventName, String pk, Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
    }

    @Test
    void deliversEveryRecordInOrderAsWrittenInBatchesOfAtMostBatchSize() {
        List<Expected> expected = new ArrayList<>();
        Map<String, AttributeValue> a1 = local.put(table, "a", Map.of(
                "count", AttributeValue.fromN("1"),
                "tags", AttributeValue.fromSs(List.of("red")),
                "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[]{1, 2, 3}))));
        expected.add(new Expected("INSERT", "a", a1, null));
        Map<String, AttributeValue> b = local.put(table, "b", Map.of(
                "details", AttributeValue.fromM(Map.of(
                        "lines", AttributeValue.fromL(List.of(AttributeValue.fromN("2"), AttributeValue.fromS("two"))),
                        "gift", AttributeValue.fromBool(true),
                        "note", AttributeValue.fromNul(true)))));
        expected.add(new Expected("INSERT", "b", b, null));
        Map<String, AttributeValue> a2 = local.put(table, "a", Map.of("count", AttributeValue.fromN("2")));
        expected.add(new Expected("MODIFY", "a", a2, a1));

        ScriptedHandler handler = ScriptedHandler.succeeding();
        LocalEventSourceMapping mapping = start(handler, QUICK.withBatchSize(3), new InMemoryCheckpoints());

        local.delete(table, "b");
        expected.add(new Expected("REMOVE", "b", null, b));
        for (int i = 0; i < 7; i++) {
            String pk = "item-" + i;
            expected.add(new Expected("INSERT", pk, local.put(table, pk, Map.of("n", AttributeValue.fromN(Integer.toString(i)))), null));
        }
        assertCatchesUp(mapping);

        List<DynamodbStreamRecord> delivered = handler.invocations().stream().flatMap(List::stream).toList();
        assertEquals(expected.size(), delivered.size(), "each record once: " + handler.invokedPks());
        for (int i = 0; i < expected.size(); i++) {
            Expected want = expected.get(i);
            DynamodbStreamRecord got = delivered.get(i);
            assertEquals(want.eventName(), got.getEventName(), "record " + i);
            assertEquals(Map.of("pk", AttributeValue.fromS(want.pk())), sdk(got.getDynamodb().getKeys()), "record " + i);
            assertEquals(want.newImage(), sdk(got.getDynamodb().getNewImage()), "record " + i);
            assertEquals(want.oldImage(), sdk(got.getDynamodb().getOldImage()), "record " + i);
            assertEquals("aws:dynamodb", got.getEventSource());
            assertEquals("us-east-1", got.getAwsRegion());
            assertEquals(table.streamArn(), got.getEventSourceARN());
            assertEquals("NEW_AND_OLD_IMAGES", got.getDynamodb().getStreamViewType());
            assertNotNull(got.getEventID());
            assertNotNull(got.getEventVersion());
            assertNotNull(got.getDynamodb().getApproximateCreationDateTime());
            assertTrue(got.getDynamodb().getSizeBytes() > 0);
        }
        for (int i = 1; i < delivered.size(); i++) {
            assertTrue(sequence(delivered.get(i - 1)).compareTo(sequence(delivered.get(i))) < 0, "in stream order");
        }
        assertTrue(handler.invocations().stream().allMatch(batch -> !batch.isEmpty() && batch.size() <= 3), handler.invokedPks().toString());
        assertEquals(List.of(), deadLetters.letters());
    }

    @Test
    void aPollThatReturnedRecordsIsFollowedByTheNextPollAtOnceAsInLambda() throws InterruptedException {
        List<String> written = pks("r", 6);
        local.put(table, written.toArray(String[]::new));
        CountDownLatch allHandled = new CountDownLatch(written.size());
        ScriptedHandler handler = new ScriptedHandler((invocation, records) -> {
            records.forEach(record -> allHandled.countDown());
            return null;
        });

        // An idle wait far longer than the test may run: the second and third batch arrive in time only if the
        // mapping skips that wait after a poll that returned records.
        start(handler, QUICK.withBatchSize(2).withIdlePollInterval(Duration.ofHours(1)), new InMemoryCheckpoints());

        assertTrue(allHandled.await(CATCH_UP.toSeconds(), TimeUnit.SECONDS), "every batch delivered: " + handler.invokedPks());
        assertEquals(written, handler.invokedPks().stream().flatMap(List::stream).toList(), "each once, in order");
    }

    @Test
    void aPartialBatchFailureRedeliversTheFailedRecordAndThoseAfterItOnly() {
        List<String> written = pks("r", 10);
        local.put(table, written.toArray(String[]::new));
        ScriptedHandler handler = ScriptedHandler.failingOnceAt("r-4");

        assertCatchesUp(start(handler, QUICK.withBatchSize(10), new InMemoryCheckpoints()));

        List<List<String>> invocations = handler.invokedPks();
        assertEquals(written, invocations.get(0), "the first batch holds everything written");
        List<String> redelivered = invocations.stream().skip(1).flatMap(List::stream).toList();
        assertEquals(written.subList(4, 10), redelivered, "from the failed record on, once more, in order");
        assertEquals(written, handler.handledPks(), "nothing lost, nothing handled twice");
        assertEquals(List.of(), deadLetters.letters());
    }

    @Test
    void aPoisonRecordGoesToTheDeadLettersAloneAndEverythingAroundItIsHandled() {
        List<String> before = pks("before", 5);
        List<String> after = pks("after", 5);
        List<String> later = pks("later", 3);
        local.put(table, before.toArray(String[]::new));
        local.put(table, "poison");
        local.put(table, after.toArray(String[]::new));
        ScriptedHandler handler = new ScriptedHandler((invocation, records) -> {
            if (records.stream().anyMatch(record -> ScriptedHandler.pk(record).equals("poison"))) {
                throw new IllegalStateException("cannot handle poison");
            }
            return null;
        });
        // Batches of 4 halve to single records within 2 retries.
        LocalEventSourceMapping mapping = start(handler, QUICK.withBatchSize(4).withMaxRetryAttempts(2), new InMemoryCheckpoints());
        local.put(table, later.toArray(String[]::new));

        assertCatchesUp(mapping);

        List<DeadLetter> letters = deadLetters.letters();
        assertEquals(1, letters.size(), letters.toString());
        DeadLetter letter = letters.get(0);
        assertEquals(List.of(new DeadLetter.FailedRecord(letter.records().get(0).sequenceNumber(), "INSERT", Map.of("pk", "poison"))),
                letter.records());
        assertEquals(3, letter.attempts(), "the first try and 2 retries");
        assertEquals("java.lang.IllegalStateException: cannot handle poison", letter.lastError());
        assertEquals(local.onlyShardId(table), letter.shardId());
        assertEquals(Stream.of(before, after, later).flatMap(List::stream).toList(), handler.handledPks(),
                "every other record, once each, in order");
    }

    @Test
    void aBatchThatFailsOnceIsRetriedAndNothingIsDeadLettered() {
        List<String> written = pks("r", 6);
        local.put(table, written.toArray(String[]::new));
        ScriptedHandler handler = new ScriptedHandler((invocation, records) -> {
            if (invocation == 0) {
                throw new IllegalStateException("temporarily unavailable");
            }
            return null;
        });

        assertCatchesUp(start(handler, QUICK.withBatchSize(4), new InMemoryCheckpoints()));

        assertEquals(written, handler.handledPks());
        assertEquals(List.of(), deadLetters.letters());
        assertEquals(handler.invokedPks().get(0), handler.invokedPks().stream().skip(1).limit(2).flatMap(List::stream).toList(),
                "the failed batch came back as its two halves");
    }

    @Test
    void aNewMappingResumesAfterTheCheckpointsOfTheLastOne(@TempDir Path folder) {
        Path file = folder.resolve("checkpoints.properties");
        local.put(table, pks("first", 5).toArray(String[]::new));
        ScriptedHandler firstHandler = ScriptedHandler.succeeding();
        LocalEventSourceMapping first = start(firstHandler, QUICK.withBatchSize(2), new FileCheckpoints(file));
        assertCatchesUp(first);
        first.close();
        assertEquals(pks("first", 5), firstHandler.handledPks());
        String lastSeen = firstHandler.handled().get(4).getDynamodb().getSequenceNumber();
        assertEquals(Optional.of(lastSeen), new FileCheckpoints(file).last(local.onlyShardId(table)));

        local.put(table, pks("while-stopped", 3).toArray(String[]::new));
        ScriptedHandler secondHandler = ScriptedHandler.succeeding();
        LocalEventSourceMapping second = start(secondHandler, QUICK.withBatchSize(2), new FileCheckpoints(file));
        local.put(table, pks("second", 2).toArray(String[]::new));
        assertCatchesUp(second);

        assertEquals(Stream.concat(pks("while-stopped", 3).stream(), pks("second", 2).stream()).toList(),
                secondHandler.handledPks());
    }

    @Test
    void aFilterSkipsRecordsWithoutInvokingAndMovesThePositionPastThem(@TempDir Path folder) {
        Path file = folder.resolve("checkpoints.properties");
        Predicate<Record> onlyKeptInsertsAndChanges = record -> !record.eventNameAsString().equals("REMOVE")
                && record.dynamodb().keys().get("pk").s().startsWith("keep");
        local.put(table, "keep-1", "skip-1", "skip-2", "keep-2");
        local.delete(table, "keep-1");
        local.put(table, "skip-3");
        ScriptedHandler handler = ScriptedHandler.succeeding();
        LocalEventSourceMapping mapping = new LocalEventSourceMapping(local.streams, table.streamArn(), handler,
                QUICK.withBatchSize(2), deadLetters, new FileCheckpoints(file), onlyKeptInsertsAndChanges);
        mappings.add(mapping);
        mapping.start();
        assertCatchesUp(mapping);
        mapping.close();

        assertEquals(List.of("keep-1", "keep-2"), handler.handledPks());
        assertTrue(handler.invokedPks().stream().noneMatch(List::isEmpty), "no invocation without records");
        // The last record read was skipped; the position is past it all the same, so a restart delivers nothing.
        ScriptedHandler afterRestart = ScriptedHandler.succeeding();
        LocalEventSourceMapping restarted = start(afterRestart, QUICK, new FileCheckpoints(file));
        assertCatchesUp(restarted);
        assertEquals(List.of(), afterRestart.handledPks());
    }

    @Test
    void closingDuringRetriesLeavesTheFailedBatchForTheNextMapping() throws InterruptedException {
        local.put(table, "a", "b", "c");
        CountDownLatch failedOnce = new CountDownLatch(1);
        ScriptedHandler failing = new ScriptedHandler((invocation, records) -> {
            failedOnce.countDown();
            throw new IllegalStateException("down");
        });
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        LocalEventSourceMapping first = start(failing, QUICK.withRetryBackoff(Duration.ofSeconds(2)), checkpoints);
        assertTrue(failedOnce.await(CATCH_UP.toSeconds(), TimeUnit.SECONDS));

        first.close();

        assertEquals(1, failing.invocations().size(), "no retry after close");
        assertEquals(Optional.empty(), checkpoints.last(local.onlyShardId(table)));
        assertEquals(List.of(), deadLetters.letters());
        ScriptedHandler working = ScriptedHandler.succeeding();
        assertCatchesUp(start(working, QUICK, checkpoints));
        assertEquals(List.of("a", "b", "c"), working.handledPks());
    }

    @Test
    void aClosedShardIsReadToItsEndOnce() {
        local.put(table, "a", "b", "c");
        local.disableStream(table);
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        ScriptedHandler first = ScriptedHandler.succeeding();
        LocalEventSourceMapping firstMapping = start(first, QUICK.withBatchSize(2), checkpoints);
        assertCatchesUp(firstMapping);
        firstMapping.close();
        assertEquals(List.of("a", "b", "c"), first.handledPks());

        ScriptedHandler second = ScriptedHandler.succeeding();
        assertCatchesUp(start(second, QUICK, checkpoints));
        assertEquals(List.of(), second.invocations(), "resumed after the shard's last record");
    }

    private static List<String> pks(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static BigInteger sequence(DynamodbStreamRecord record) {
        return new BigInteger(record.getDynamodb().getSequenceNumber());
    }

    private static Map<String, AttributeValue> sdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        return image == null ? null : DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
    }
}
