package io.serverlessorch.logging;

/**
 * The Lambda invocation in progress, so that every log line written during it carries its request id
 * ({@code AWSRequestId}, as Lambda's own JSON lines do).
 *
 * <p>One static field, not a thread-local: Lambda runs one invocation at a time in an execution environment,
 * and the work of an invocation runs on other threads too (the stream processor's workers). The local run
 * serves several functions at once in one JVM, but it writes the text format, which shows no request id.
 */
public final class LogContext {

    private static volatile String requestId;

    private LogContext() {
    }

    /** Call first thing in a handler; a null id (no Lambda context, as in tests and priming) shows none. */
    public static void invocationStarted(String awsRequestId) {
        requestId = awsRequestId;
    }

    /** Call in the handler's {@code finally}: lines written between invocations belong to none. */
    public static void invocationEnded() {
        requestId = null;
    }

    /** The request id of the invocation in progress, or null. */
    static String requestId() {
        return requestId;
    }
}
