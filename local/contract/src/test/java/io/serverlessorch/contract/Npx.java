package io.serverlessorch.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Node.js tools these tests run through {@code npx}, each pinned to one version. */
final class Npx {

    private Npx() {
    }

    /**
     * Skips the test where {@code npx} is missing, as OpenApiDocumentTest does; but fails it in CI (CI=true), where
     * a missing Node.js would otherwise turn the check off unseen.
     */
    static void assumeAvailable(String what) {
        if (onPath()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("npx (Node.js) is not installed, and CI=true: " + what + " must run in CI");
        }
        assumeTrue(false, "npx (Node.js) is not installed: " + what + " does not run");
    }

    /** {@code npx --yes <package> <args...>}, run in {@code directory}, its output (both streams) to {@code log}. */
    static Process start(Path directory, Path log, String pinnedPackage, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", pinnedPackage));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        return builder.start();
    }

    /** Ends the process and everything it started (npx runs the tool as a child, which may have children of its own). */
    static void destroyTree(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean onPath() {
        try {
            Process probe = new ProcessBuilder("npx", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
