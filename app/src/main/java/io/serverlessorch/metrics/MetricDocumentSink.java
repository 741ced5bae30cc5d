package io.serverlessorch.metrics;

/**
 * Where the metric documents (CloudWatch Embedded Metric Format, one JSON object each) are written. In
 * Lambda that is standard output, which CloudWatch Logs turns into metrics; the local run keeps them in its
 * own metric store instead, behind its dashboard.
 */
@FunctionalInterface
public interface MetricDocumentSink {

    /** Looks up standard output at each write, so a replaced {@code System.out} is the one written to. */
    MetricDocumentSink STANDARD_OUTPUT = document -> System.out.println(document);

    void write(String document);
}
