package io.serverlessorch.local.replay;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a replay did, for the operator who ran it: a line for each dead letter with its outcome, an indented
 * line for each of its orders, and a summary with a count per outcome. It also gives the exit status.
 */
final class ReplayReport {

    /** What became of one dead letter. */
    enum Outcome {
        /** At least one of its orders moved on, and none failed. */
        REPLAYED("replayed"),
        /** Its orders had ended or moved on already (or are gone): nothing to do. */
        ALREADY_MOVED_ON("already moved on"),
        /** Its records are no longer in the stream, so its orders cannot be found: nothing a replay can do. */
        RECORDS_EXPIRED("records expired"),
        /** The processor failed one of its orders again. */
        FAILED_AGAIN("failed again"),
        /** A call to AWS failed on the way (throttled, timed out, refused): running the replay again may do it. */
        NOT_PROCESSED("not processed"),
        /** Not a dead letter this replay can read. */
        UNREADABLE("unreadable");

        final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** Its orders are done with: the dead letter need not be kept. */
        boolean done() {
            return this == REPLAYED || this == ALREADY_MOVED_ON;
        }

        /** Something is left that running the replay again, once the cause is fixed, can still do. */
        boolean leftToDo() {
            return this == FAILED_AGAIN || this == NOT_PROCESSED;
        }

        /** A dead letter's outcome from its orders': the worst of them decides. */
        static Outcome of(List<DeadLetterReplay.Outcome> orders) {
            if (orders.stream().anyMatch(order -> order.result() == DeadLetterReplay.Result.NOT_PROCESSED)) {
                return NOT_PROCESSED;
            }
            if (orders.stream().anyMatch(order -> order.result() == DeadLetterReplay.Result.FAILED_AGAIN)) {
                return FAILED_AGAIN;
            }
            return orders.stream().anyMatch(order -> order.result() == DeadLetterReplay.Result.MOVED_ON) ? REPLAYED : ALREADY_MOVED_ON;
        }
    }

    private final PrintStream out;
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

    ReplayReport(PrintStream out) {
        this.out = out;
    }

    /** Prints one dead letter's line, then its orders' lines. */
    void add(String deadLetter, Outcome outcome, String detail, List<DeadLetterReplay.Outcome> orders) {
        counts.merge(outcome, 1, Integer::sum);
        out.println(deadLetter + ": " + outcome.words + (detail.isEmpty() ? "" : ": " + detail));
        for (DeadLetterReplay.Outcome order : orders) {
            out.println("  order " + order.orderId() + ": " + words(order));
        }
    }

    static String words(DeadLetterReplay.Outcome order) {
        String before = order.statusBefore();
        String after = order.statusAfter();
        return switch (order.result()) {
            case MOVED_ON -> "replayed: " + before + " -> " + after;
            case UNCHANGED -> "already moved on: " + after + ", nothing to do";
            case NO_SUCH_ORDER -> "already moved on: no such order (expired or never written), nothing to do";
            case FAILED_AGAIN -> "failed again in " + after + (after.equals(before) ? "" : " (replayed from " + before + ")")
                    + ": the stream processor's error is in this run's log";
            case NOT_PROCESSED -> "not processed: " + order.problem();
        };
    }

    int deadLetters() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** For example "Summary: 4 dead letters: 1 replayed, 0 already moved on, 2 records expired, ...". */
    void summary() {
        out.println("Summary: " + deadLetters() + " dead letter" + (deadLetters() == 1 ? "" : "s") + ": "
                + Stream.of(Outcome.values()).map(outcome -> counts.getOrDefault(outcome, 0) + " " + outcome.words)
                .collect(Collectors.joining(", ")) + ".");
    }

    /**
     * 1 when something was left that the replay could have done (an order failed again, or a call to AWS
     * failed on the way), else 0: expired records alone are 0, since running it again cannot change them.
     */
    int exitStatus() {
        return counts.keySet().stream().anyMatch(Outcome::leftToDo) ? 1 : 0;
    }
}
