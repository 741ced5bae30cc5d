package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A fake stream handler: notes every invocation and answers as its script says. */
final class ScriptedHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    /** How the handler answers its {@code invocation}-th call (0 for the first); it may throw. */
    interface Script {
        StreamsEventResponse answer(int invocation, List<DynamodbStreamRecord> records);
    }

    private final Script script;
    private final List<List<DynamodbStreamRecord>> invocations = new CopyOnWriteArrayList<>();
    private final List<DynamodbStreamRecord> handled = new CopyOnWriteArrayList<>();

    ScriptedHandler(Script script) {
        this.script = script;
    }

    static ScriptedHandler succeeding() {
        return new ScriptedHandler((invocation, records) -> new StreamsEventResponse(List.of()));
    }

    /** Reports the record whose pk is {@code pk} as failed, the first time it is seen only. */
    static ScriptedHandler failingOnceAt(String pk) {
        return new ScriptedHandler((invocation, records) -> invocation == 0
                ? new StreamsEventResponse(records.stream().filter(record -> pk(record).equals(pk))
                .map(record -> new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()))
                .toList())
                : null);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbStreamRecord> records = List.copyOf(event.getRecords());
        int invocation = invocations.size();
        invocations.add(records);
        StreamsEventResponse response = script.answer(invocation, records);
        handled.addAll(records.subList(0, doneCount(records, response)));
        return response;
    }

    /** How many leading records the response counts as done, by Lambda's rules. */
    private static int doneCount(List<DynamodbStreamRecord> records, StreamsEventResponse response) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return records.size();
        }
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (int i = 0; i < records.size(); i++) {
            if (failed.contains(records.get(i).getDynamodb().getSequenceNumber())) {
                return i;
            }
        }
        return 0;
    }

    static String pk(DynamodbStreamRecord record) {
        return record.getDynamodb().getKeys().get("pk").getS();
    }

    List<List<DynamodbStreamRecord>> invocations() {
        return List.copyOf(invocations);
    }

    /** The pk of every invocation's records, invocation by invocation. */
    List<List<String>> invokedPks() {
        return invocations.stream().map(records -> records.stream().map(ScriptedHandler::pk).toList()).toList();
    }

    /** The records the handler was done with, in the order it was done with them. */
    List<DynamodbStreamRecord> handled() {
        return List.copyOf(handled);
    }

    List<String> handledPks() {
        return handled.stream().map(ScriptedHandler::pk).toList();
    }
}
