package io.serverlessorch.local.replay;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * scripts/replay-dead-letters.sh's region: a stage's is left to the SDK's chain (which reads the profile), only
 * --local gets a default. The script runs from a copy of scripts/, on a stand-in java that prints the region it
 * was given.
 */
class ReplayDeadLettersScriptTest {

    private static final Path SCRIPTS = Path.of("../../scripts");

    @TempDir
    Path root;

    @BeforeEach
    void copyTheScriptBesideAStandInJava() throws IOException {
        Files.createDirectories(root.resolve("scripts/lib"));
        Files.copy(SCRIPTS.resolve("replay-dead-letters.sh"), root.resolve("scripts/replay-dead-letters.sh"));
        Files.copy(SCRIPTS.resolve("lib/java.sh"), root.resolve("scripts/lib/java.sh"));
        // SKIP_BUILD=1 with a jar in place: no build
        Files.createDirectories(root.resolve("local/replay/target"));
        Files.createFile(root.resolve("local/replay/target/serverless-orch-replay.jar"));
        Path java = Files.createDirectories(root.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo 'openjdk version "17.0.9" 2023-10-17'; exit 0; fi
                echo "AWS_REGION=${AWS_REGION:-unset}"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("aws-config"), "[default]\nregion = eu-west-2\n");
    }

    @Test
    void aStagesRegionIsLeftToTheSdkSoTheProfilesRegionCounts() throws Exception {
        assertEquals("AWS_REGION=unset", run(Map.of(), "--stage", "dev"));
    }

    @Test
    void aStageTakesTheRegionOfTheEnvironmentIncludingTheAwsClisVariable() throws Exception {
        assertEquals("AWS_REGION=ap-south-1", run(Map.of("AWS_REGION", "ap-south-1", "AWS_DEFAULT_REGION", "eu-west-3"), "--stage", "dev"));
        assertEquals("AWS_REGION=eu-west-3", run(Map.of("AWS_DEFAULT_REGION", "eu-west-3"), "--stage", "dev"));
    }

    @Test
    void theLocalRunGetsADefaultRegion() throws Exception {
        assertEquals("AWS_REGION=us-east-1", run(Map.of(), "--local"));
        assertEquals("AWS_REGION=eu-west-3", run(Map.of("AWS_DEFAULT_REGION", "eu-west-3"), "--local"));
    }

    /** The script's last line of output, run with only PATH, HOME, the stand-in java, a profile and {@code environment}. */
    private String run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/replay-dead-letters.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder script = new ProcessBuilder(command);
        script.environment().clear();
        script.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", root.toString(),
                "JAVA_HOME", root.resolve("jdk").toString(), "SKIP_BUILD", "1",
                "AWS_CONFIG_FILE", root.resolve("aws-config").toString()));
        script.environment().putAll(environment);
        script.redirectErrorStream(true);
        Process process = script.start();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, process.waitFor(), String.join("\n", output));
        return output.get(output.size() - 1);
    }
}
