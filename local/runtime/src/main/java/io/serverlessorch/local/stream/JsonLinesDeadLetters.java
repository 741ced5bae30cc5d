package io.serverlessorch.local.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
            while (true) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    Object opened = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                    try (FileLock ignored = channel.lock()) {
                        if (!opened.equals(Files.readAttributes(file, BasicFileAttributes.class).fileKey())) {
                            continue; // a removal replaced the file while this waited for the lock: append to the new one
                        }
                        ByteBuffer line = ByteBuffer.wrap((letter.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
                        while (line.hasRemaining()) {
                            channel.write(line);
                        }
                        return;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append a dead letter to " + file, e);
        }
    }

    /**
     * Removes these lines, as {@link #read()} gave them, once each: letters appended since stay. The kept
     * letters are written to a new file that replaces the old one in one move, under the old one's lock, so a
     * crash leaves one file or the other whole; an appender waiting for the lock sees the replacement.
     */
    public synchronized void remove(Collection<String> lines) {
        if (lines.isEmpty() || !Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            List<String> toRemove = new ArrayList<>(lines);
            StringBuilder kept = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !toRemove.remove(line)) {
                    kept.append(line).append('\n');
                }
            }
            Path replacement = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (FileChannel out = FileChannel.open(replacement, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(kept.toString().getBytes(StandardCharsets.UTF_8));
                while (content.hasRemaining()) {
                    out.write(content);
                }
                out.force(true);
            }
            Files.move(replacement, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
