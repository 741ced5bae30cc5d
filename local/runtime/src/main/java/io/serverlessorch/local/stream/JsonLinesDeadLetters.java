package io.serverlessorch.local.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Dead letters appended to a file, one JSON object per line ({@link DeadLetter#toJson()}), so they outlive
 * the run and can be read with {@code jq} or any JSON tool. Appends and removals hold a lock on the file, so
 * the replay (another process) can remove the letters it is done with while the run appends new ones.
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
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileLock ignored = channel.lock()) {
                channel.write(ByteBuffer.wrap((letter.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append a dead letter to " + file, e);
        }
    }

    /**
     * Removes these lines, as {@link #read()} gave them, once each: letters appended since stay. The file is
     * rewritten in place under the lock, so an appender never writes to a file that was replaced.
     */
    public synchronized void remove(Collection<String> lines) {
        if (lines.isEmpty() || !Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            ByteBuffer content = ByteBuffer.allocate((int) channel.size());
            while (content.hasRemaining() && channel.read(content) >= 0) {
                // reads the whole file
            }
            List<String> toRemove = new ArrayList<>(lines);
            StringBuilder kept = new StringBuilder();
            for (String line : new String(content.array(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !toRemove.remove(line)) {
                    kept.append(line).append('\n');
                }
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(kept.toString().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove replayed dead letters from " + file, e);
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
