package io.serverlessorch.local.stream;

/**
 * Where a {@link LocalEventSourceMapping} sends records it gave up on: the local stand-in for an event
 * source mapping's on-failure destination (an SQS queue or SNS topic in AWS).
 */
public interface DeadLetterDestination {

    /**
     * Keeps {@code letter}. The mapping moves past the records only once this returns; if it throws, the
     * records are read and tried again.
     */
    void send(DeadLetter letter);

    /** How many letters wait here: what SQS reports as ApproximateNumberOfMessagesVisible. */
    int waiting();
}
