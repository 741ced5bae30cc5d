package io.serverlessorch.local.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Dead letters kept in a list, for tests and throwaway runs. Safe to read while a mapping sends. */
public final class InMemoryDeadLetters implements DeadLetterDestination {

    private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    @Override
    public void send(DeadLetter letter) {
        letters.add(letter);
    }

    /** The letters received so far, oldest first. */
    public List<DeadLetter> letters() {
        return List.copyOf(letters);
    }

    /** The letters received so far as JSON, one per element, as {@link JsonLinesDeadLetters} would write them. */
    public List<String> lines() {
        return letters.stream().map(DeadLetter::toJson).toList();
    }

    @Override
    public int waiting() {
        return letters().size();
    }

    @Override
    public Optional<Instant> oldest() {
        return letters().stream().findFirst().map(DeadLetter::time);
    }
}
