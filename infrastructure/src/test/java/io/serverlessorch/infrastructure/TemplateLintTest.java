package io.serverlessorch.infrastructure;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every stage's templates through cfn-lint, AWS's CloudFormation linter with the resource schemas: what
 * CloudFormation would refuse at deploy time, found at build time. Needs {@code cfn-lint} on the PATH.
 */
class TemplateLintTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev, false, IAM", "prod, true, IAM", "open, false, NONE"})
    void theTemplatesOfEveryStageLintWithoutErrors(String name, boolean production, String authorization, @TempDir Path out)
            throws Exception {
        assumeTrue(onPath("cfn-lint"), "cfn-lint is not installed");
        App app = App.Builder.create().outdir(out.toString()).build();
        ServerlessOrchApp.build(app, new StageSettings(name, production, authorization, "ops@example.com"),
                StacksTest.LAMBDA_JAR, StacksTest.DASHBOARD);
        app.synth();
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable"));
        try (Stream<Path> files = Files.list(out)) {
            files.filter(file -> file.toString().endsWith(".template.json")).map(Path::toString).sorted().forEach(command::add);
        }
        assertEquals(6, command.size(), "three templates");

        Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES));

        // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
        List<String> errors = report.lines().filter(line -> line.matches(".*:E\\d{4}:.*")).toList();
        assertEquals(List.of(), errors, report);
        assertEquals(0, lint.exitValue() & 2, report);
    }

    private static boolean onPath(String tool) {
        try {
            Process probe = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
