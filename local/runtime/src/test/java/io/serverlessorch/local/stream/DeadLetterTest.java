package io.serverlessorch.local.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Dead letters as JSON, read back by a real JSON parser. */
class DeadLetterTest {

    private static final String AWKWARD = "quote \" backslash \\ newline \n tab \t bell \u0007 separator \u2028 é 🚀";
    private final ObjectMapper json = new ObjectMapper();

    private static DeadLetter letter(String error) {
        return new DeadLetter("shardId-1",
                List.of(new DeadLetter.FailedRecord("000000000000000000003", "INSERT", Map.of("pk", AWKWARD, "sk", "1")),
                        new DeadLetter.FailedRecord("000000000000000000004", "REMOVE", Map.of("pk", "b"))),
                3, error, Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void isOneLineOfJsonWithEveryField() throws Exception {
        String line = letter(AWKWARD).toJson();
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);

        JsonNode parsed = json.readTree(line);
        assertEquals("shardId-1", parsed.get("shardId").asText());
        assertEquals(3, parsed.get("attempts").asInt());
        assertEquals(AWKWARD, parsed.get("lastError").asText());
        assertEquals("2024-05-01T10:00:00Z", parsed.get("time").asText());
        JsonNode first = parsed.get("records").get(0);
        assertEquals("000000000000000000003", first.get("sequenceNumber").asText());
        assertEquals("INSERT", first.get("eventName").asText());
        assertEquals(AWKWARD, first.get("keys").get("pk").asText());
        assertEquals("1", first.get("keys").get("sk").asText());
        assertEquals("REMOVE", parsed.get("records").get(1).get("eventName").asText());
    }

    @Test
    void aMissingErrorIsJsonNull() throws Exception {
        assertEquals(true, json.readTree(letter(null).toJson()).get("lastError").isNull());
    }

    @Test
    void jsonLinesAppendOneLetterPerLine(@TempDir Path folder) throws Exception {
        JsonLinesDeadLetters file = new JsonLinesDeadLetters(folder.resolve("out/dead-letters.jsonl"));
        assertEquals(List.of(), file.read());

        file.send(letter("first"));
        file.send(letter("second"));

        List<String> lines = file.read();
        assertEquals(2, lines.size());
        assertEquals("first", json.readTree(lines.get(0)).get("lastError").asText());
        assertEquals("second", json.readTree(lines.get(1)).get("lastError").asText());
        assertEquals(List.of("000000000000000000003", "000000000000000000004"), letter("x").sequenceNumbers());
    }

    @Test
    void bothDestinationsTellWhenTheirOldestLetterWasSentAsSqsTellsItsAge(@TempDir Path folder) {
        JsonLinesDeadLetters file = new JsonLinesDeadLetters(folder.resolve("dead-letters.jsonl"));
        InMemoryDeadLetters memory = new InMemoryDeadLetters();
        assertEquals(java.util.Optional.empty(), file.oldest());
        assertEquals(java.util.Optional.empty(), memory.oldest());

        // An error text that looks like the time field must not be taken for it.
        DeadLetter older = new DeadLetter("shardId-1", List.of(), 1, ",\"time\":\"1999-01-01T00:00:00Z\"", Instant.parse("2024-05-01T10:00:00Z"));
        DeadLetter newer = new DeadLetter("shardId-1", List.of(), 1, "later", Instant.parse("2024-05-02T10:00:00Z"));
        for (DeadLetterDestination destination : List.<DeadLetterDestination>of(file, memory)) {
            destination.send(older);
            destination.send(newer);
            assertEquals(java.util.Optional.of(Instant.parse("2024-05-01T10:00:00Z")), destination.oldest(), destination.getClass().getSimpleName());
        }
    }

    @Test
    void removingTheLettersDoneWithKeepsTheOthersAndThoseSentSince(@TempDir Path folder) {
        JsonLinesDeadLetters file = new JsonLinesDeadLetters(folder.resolve("dead-letters.jsonl"));
        file.send(letter("first"));
        file.send(letter("second"));
        file.send(letter("third"));
        List<String> read = file.read();
        file.send(letter("sent while the replay ran"));

        file.remove(List.of(read.get(0), read.get(2)));

        assertEquals(List.of(letter("second").toJson(), letter("sent while the replay ran").toJson()), file.read());
        assertEquals(2, file.waiting());
    }

    @Test
    void inMemoryLettersReadAsTheSameJson() {
        InMemoryDeadLetters letters = new InMemoryDeadLetters();
        letters.send(letter("boom"));
        assertEquals(List.of(letter("boom")), letters.letters());
        assertEquals(List.of(letter("boom").toJson()), letters.lines());
    }
}
