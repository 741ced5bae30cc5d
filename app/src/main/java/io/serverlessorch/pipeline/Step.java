package io.serverlessorch.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The step functions of the pipeline, in its order: the one list everything made once per step is made from
 * (README, "Adding a step"). Each is its own Lambda in AWS.
 */
public enum Step {
    VALIDATOR,
    INVENTORY,
    PAYMENT,
    FULFILLMENT,
    NOTIFICATION;

    /**
     * The step's name wherever a name is read or written outside Java: its function ({@code serverless-orch-<stage>-<id>}),
     * its setting keys ({@code orch.steps.functions.<id>}, {@code ORCH_STEP=<id>}), its cold-start probe. Lower case with
     * hyphens, the form Micronaut gives an environment variable's words ({@code FRAUD_SCREEN} is {@code fraud-screen}).
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The step whose {@link #id()} is {@code id}. */
    public static Optional<Step> ofId(String id) {
        return Arrays.stream(values()).filter(step -> step.id().equals(id)).findFirst();
    }
}
