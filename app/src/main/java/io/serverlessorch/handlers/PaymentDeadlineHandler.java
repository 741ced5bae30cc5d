package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.micronaut.context.ApplicationContext;
import io.serverlessorch.logging.LogContext;
import io.serverlessorch.payments.PaymentDeadlines;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The deadline sweep's Lambda, run by a schedule every minute: whatever the event says, it ends the orders waiting
 * past their deadline ({@link PaymentDeadlines}) and answers what it found, as JSON.
 */
public class PaymentDeadlineHandler implements RequestStreamHandler, AutoCloseable {

    private final ApplicationContext context;
    private final PaymentDeadlines deadlines;

    /** Lambda's entry point. */
    public PaymentDeadlineHandler() {
        this(FunctionContexts.builder().start());
    }

    public PaymentDeadlineHandler(ApplicationContext context) {
        this.context = context;
        this.deadlines = context.getBean(PaymentDeadlines.class);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambdaContext) throws IOException {
        LogContext.invocationStarted(lambdaContext == null ? null : lambdaContext.getAwsRequestId());
        try {
            PaymentDeadlines.Sweep sweep = deadlines.sweep();
            output.write(("{\"waiting\":" + sweep.waiting() + ",\"overdue\":" + sweep.overdue() + ",\"cancelled\":" + sweep.ended()
                    + ",\"most_overdue_ms\":" + sweep.mostOverdue().toMillis() + "}").getBytes(StandardCharsets.UTF_8));
        } finally {
            LogContext.invocationEnded();
        }
    }

    public ApplicationContext getApplicationContext() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
