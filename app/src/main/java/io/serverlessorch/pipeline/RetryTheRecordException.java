package io.serverlessorch.pipeline;

/**
 * The stream record being handled must be delivered again: its order stays where it is for now (a step or an
 * undo kept failing, or too little time was left to carry it on). Delivered again, the record carries the
 * order on from wherever it then stands.
 */
public class RetryTheRecordException extends RuntimeException {
    public RetryTheRecordException(String message) {
        super(message);
    }
}
