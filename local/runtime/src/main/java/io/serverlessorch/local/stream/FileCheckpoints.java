package io.serverlessorch.local.stream;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Checkpoints kept in a small properties file (shard id = sequence number), so a restarted local run
 * resumes where the previous one stopped. Each save replaces the file atomically: a crash leaves the old
 * or the new file, never half of one.
 */
public final class FileCheckpoints implements Checkpoints {

    private final Path file;
    private final Properties lastByShard = new Properties();

    /** Reads the checkpoints already in {@code file}; a missing file means no checkpoints yet. */
    public FileCheckpoints(Path file) {
        this.file = file.toAbsolutePath();
        if (Files.exists(this.file)) {
            try (Reader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
                lastByShard.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the checkpoints in " + this.file, e);
            }
        }
    }

    @Override
    public synchronized Optional<String> last(String shardId) {
        return Optional.ofNullable(lastByShard.getProperty(shardId));
    }

    @Override
    public synchronized void save(String shardId, String sequenceNumber) {
        Properties updated = new Properties();
        updated.putAll(lastByShard);
        updated.setProperty(shardId, sequenceNumber);
        write(updated);
        // Only a checkpoint that reached the disk counts.
        lastByShard.setProperty(shardId, sequenceNumber);
    }

    private void write(Properties checkpoints) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    checkpoints.store(writer, "Last record done per DynamoDB stream shard");
                }
                replace(temporary);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoints to " + file, e);
        }
    }

    private void replace(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
