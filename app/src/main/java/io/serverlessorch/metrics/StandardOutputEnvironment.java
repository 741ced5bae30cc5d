package io.serverlessorch.metrics;

import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Where the metric documents go: a {@link MetricDocumentSink}, standard output in Lambda, which sends it to
 * CloudWatch Logs. The library's own Lambda environment adds the execution environment, function version and log
 * stream to every document (about 140 bytes each, all of which the log group and stream already say), and
 * its fallback elsewhere looks for a CloudWatch agent and logs "Unknown name" on every flush; this one
 * does neither.
 */
final class StandardOutputEnvironment implements Environment {

    private final ISink sink;

    StandardOutputEnvironment(MetricDocumentSink documents) {
        sink = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    context.serialize().forEach(documents::write);
                } catch (Exception e) {
                    // The caller logs and drops the document; the batch's other documents still go out.
                    throw new IllegalArgumentException("The metric document cannot be written: " + e.getMessage(), e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return Objects.requireNonNullElse(System.getenv("AWS_LAMBDA_FUNCTION_NAME"), "local");
    }

    @Override
    public String getType() {
        return "AWS::Lambda::Function";
    }

    @Override
    public String getLogGroupName() {
        return Objects.requireNonNullElse(System.getenv("AWS_LAMBDA_LOG_GROUP_NAME"), "");
    }

    @Override
    public void configureContext(MetricsContext context) {
        // Nothing to add: see the class comment.
    }

    @Override
    public ISink getSink() {
        return sink;
    }
}
