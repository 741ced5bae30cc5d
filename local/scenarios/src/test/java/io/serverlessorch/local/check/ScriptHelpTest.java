package io.serverlessorch.local.check;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script in scripts/ answers {@code --help} with its header comment and nothing else: no line of its
 * source, no build output, exit status 0. An option it does not know is answered the same way, before anything is
 * built: one line naming it, exit status 2.
 */
class ScriptHelpTest {

    private static final Path SCRIPTS = Path.of("../../scripts").toAbsolutePath().normalize();

    @TestFactory
    Stream<DynamicTest> helpPrintsExactlyTheHeaderComment() throws IOException {
        return scripts().stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            List<String> source = Files.readAllLines(script, StandardCharsets.UTF_8);
            List<String> header = header(source);
            assertTrue(header.size() > 1, "the script has no usage comment: " + script);

            for (String flag : List.of("--help", "-h")) {
                Process process = new ProcessBuilder("bash", script.toString(), flag).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not finish");

                assertEquals(0, process.exitValue(), output);
                assertEquals(header, output.lines().toList(), script.getFileName() + " " + flag);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> anUnknownOptionIsRefusedBeforeAnyBuild() throws IOException {
        return scripts().stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            // SKIP_BUILD unset and the build's stamps ignored: a script that built first would print Maven's lines.
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--bogus", "1").redirectErrorStream(true);
            builder.environment().remove("SKIP_BUILD");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not finish");

            assertEquals(2, process.exitValue(), output);
            List<String> lines = output.lines().toList();
            assertEquals(1, lines.size(), "one line, no usage dump and no build: " + output);
            assertTrue(lines.get(0).contains("--bogus"), "the answer names the option: " + output);
        }));
    }

    private static List<Path> scripts() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            scripts = files.filter(file -> file.toString().endsWith(".sh")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no scripts found in " + SCRIPTS);
        return scripts;
    }

    /** The comment after the shebang up to the first line that is not a comment, without the leading "# ". */
    private static List<String> header(List<String> source) {
        List<String> header = new ArrayList<>();
        for (String line : source.subList(1, source.size())) {
            if (!line.startsWith("#")) {
                break;
            }
            header.add(line.replaceFirst("^# ?", ""));
        }
        return header;
    }
}
