package io.serverlessorch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Follow one order" list names files and methods that exist, so it cannot drift from the code. */
class ReadmeFollowOneOrderTest {

    private static final Path ROOT = Path.of("..");
    private static final Path APP_SOURCES = ROOT.resolve("app/src/main/java/io/serverlessorch");
    private static final Pattern JAVA_PATH = Pattern.compile("`([\\w/.-]+\\.java)`");
    private static final Pattern CLASS_METHOD = Pattern.compile("`([A-Z]\\w*)\\.([a-z]\\w*)`");

    @Test
    void everyFileTheListNamesExists() throws IOException {
        String section = followOneOrder();
        List<String> missing = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        Matcher paths = JAVA_PATH.matcher(section);
        while (paths.find()) {
            named.add(paths.group(1));
            if (source(paths.group(1)).isEmpty()) {
                missing.add(paths.group(1));
            }
        }
        assertTrue(named.size() >= 30, "the list names the files an order passes through, found only " + named);
        assertEquals(List.of(), missing, "files the README's \"Follow one order\" names that do not exist");
    }

    @Test
    void everyMethodTheListNamesIsInItsClass() throws IOException {
        String section = followOneOrder();
        List<String> missing = new ArrayList<>();
        Matcher methods = CLASS_METHOD.matcher(section);
        int checked = 0;
        while (methods.find()) {
            Optional<Path> file = classFile(methods.group(1));
            checked++;
            if (file.isEmpty() || !Files.readString(file.get()).contains(" " + methods.group(2) + "(")) {
                missing.add(methods.group(1) + "." + methods.group(2));
            }
        }
        assertTrue(checked >= 5, "the list names the methods an order passes through");
        assertEquals(List.of(), missing, "methods the README's \"Follow one order\" names that its classes do not have");
    }

    private static String followOneOrder() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n### Follow one order\n");
        assertTrue(start >= 0, "README.md has a \"Follow one order\" section");
        int end = readme.indexOf("\n#", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** A path from the repository's root, or under the functions' package as the list abbreviates them. */
    private static Optional<Path> source(String path) {
        return Optional.of(ROOT.resolve(path)).filter(Files::isRegularFile)
                .or(() -> Optional.of(APP_SOURCES.resolve(path)).filter(Files::isRegularFile));
    }

    private static Optional<Path> classFile(String simpleName) throws IOException {
        try (var files = Files.walk(APP_SOURCES)) {
            return files.filter(file -> file.getFileName().toString().equals(simpleName + ".java")).findFirst();
        }
    }
}
