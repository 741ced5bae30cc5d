package io.serverlessorch.local;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as the local run serves it: this run's own address first among its servers, so Swagger
 * UI at {@code /docs} and a client generated from this copy call the run they were read from. The document is
 * generated for the deployed API (its stage first); only the copy that leaves the local run is rewritten.
 */
final class LocalOpenApiDocument {

    static final String PATH = "/openapi/openapi.yml";
    static final String DESCRIPTION = "This local run (scripts/run_local.sh), unsigned";

    /** A Host header that can be put in a URL as it is: a name or address, and a port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private LocalOpenApiDocument() {
    }

    /** The URL the client reached the run at, from its Host header; {@code fallback} when it sent none usable. */
    static String url(String hostHeader, String fallback) {
        return hostHeader != null && HOST.matcher(hostHeader).matches() ? "http://" + hostHeader : fallback;
    }

    /**
     * {@code yaml} (the generated document) with {@code url} as its first server, and without the generated
     * entries for a local run at a fixed address (http://localhost:...), which this one replaces.
     */
    static String withServerFirst(String yaml, String url) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int servers = lines.indexOf("servers:");
        if (servers < 0) {
            throw new IllegalArgumentException("The document has no top-level servers");
        }
        int end = servers + 1;
        while (end < lines.size() && (lines.get(end).startsWith("- ") || lines.get(end).startsWith("  "))) {
            end++;
        }
        List<String> kept = new ArrayList<>();
        kept.add("- url: \"" + url + "\"");
        kept.add("  description: \"" + DESCRIPTION + "\"");
        boolean skipping = false;
        for (String line : lines.subList(servers + 1, end)) {
            if (line.startsWith("- ")) {
                skipping = line.matches("- url: \"?http://localhost[:/\"].*|- url: \"?http://localhost\"?");
            }
            if (!skipping) {
                kept.add(line);
            }
        }
        List<String> rewritten = new ArrayList<>(lines.subList(0, servers + 1));
        rewritten.addAll(kept);
        rewritten.addAll(lines.subList(end, lines.size()));
        return String.join("\n", rewritten);
    }
}
