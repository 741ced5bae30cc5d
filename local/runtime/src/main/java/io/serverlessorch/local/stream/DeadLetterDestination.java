package io.serverlessorch.local.stream;

import java.time.Instant;
import java.util.Optional;

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

    /** When the oldest waiting letter was sent, if any: what SQS reports as ApproximateAgeOfOldestMessage. */
    Optional<Instant> oldest();
}
