package io.serverlessorch.local.replay;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SQS queue in memory, for the calls the replay makes: a received message is hidden until it is deleted or
 * made visible again (its visibility timeout never runs out here).
 */
final class StandInQueue implements SqsClient {

    private final String name;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final Set<String> hidden = new HashSet<>();

    /** Messages with ids message-1, message-2, ... in the order of their bodies. */
    StandInQueue(String name, String... bodies) {
        this.name = name;
        for (String body : bodies) {
            String id = "message-" + (messages.size() + 1);
            messages.put(id, Message.builder().messageId(id).receiptHandle("receipt-" + id).body(body).build());
        }
    }

    /** The ids of the messages still in the queue. */
    List<String> remaining() {
        return List.copyOf(messages.keySet());
    }

    /** The ids of the messages a receive would return now. */
    List<String> visible() {
        return messages.keySet().stream().filter(id -> !hidden.contains(id)).toList();
    }

    @Override
    public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
        if (!request.queueName().equals(name)) {
            throw QueueDoesNotExistException.builder().message("The specified queue does not exist.").build();
        }
        return GetQueueUrlResponse.builder().queueUrl("https://sqs.stand-in/000000000000/" + name).build();
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        List<Message> received = new ArrayList<>();
        for (Message message : messages.values()) {
            if (received.size() < request.maxNumberOfMessages() && hidden.add(message.messageId())) {
                received.add(message);
            }
        }
        return ReceiveMessageResponse.builder().messages(received).build();
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        messages.values().removeIf(message -> message.receiptHandle().equals(request.receiptHandle()));
        return DeleteMessageResponse.builder().build();
    }

    @Override
    public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
        if (request.visibilityTimeout() == 0) {
            messages.values().stream().filter(message -> message.receiptHandle().equals(request.receiptHandle()))
                    .forEach(message -> hidden.remove(message.messageId()));
        }
        return ChangeMessageVisibilityResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
