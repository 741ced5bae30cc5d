package io.serverlessorch.local.stream;

/** Unwinds the poller when {@link LocalEventSourceMapping#close()} interrupts a pause. */
final class MappingClosedException extends RuntimeException {

    MappingClosedException() {
        super("The event source mapping is closed", null, false, false);
    }
}
