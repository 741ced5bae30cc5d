package io.serverlessorch.local.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Dead letters appended to a file, one JSON object per line ({@link DeadLetter#toJson()}), so they outlive
 * the run and can be read with {@code jq} or any JSON tool.
 */
public final class JsonLinesDeadLetters implements DeadLetterDestination {

    private final Path file;

    /** Appends to {@code file}, creating it and its folder on the first letter. */
    public JsonLinesDeadLetters(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public synchronized void send(DeadLetter letter) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, letter.toJson() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append a dead letter to " + file, e);
        }
    }

    /** The letters written so far as raw JSON lines, oldest first; none if the file does not exist. */
    public synchronized List<String> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dead letters in " + file, e);
        }
    }

    @Override
    public int waiting() {
        return read().size();
    }

    @Override
    public Optional<Instant> oldest() {
        return read().stream().findFirst().map(DeadLetter::timeOf);
    }
}
