package io.serverlessorch.local.replay;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** An exception as the short reason a report line gives for it. */
final class Problems {

    private Problems() {
    }

    /**
     * AWS's error code and message ("ThrottlingException: Rate exceeded"), else the first line of the
     * exception's message: the SDK's client-side messages can run to several lines.
     */
    static String oneLine(Throwable e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + firstLine(service.awsErrorDetails().errorMessage());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
