package io.serverlessorch.pipeline;

/** The five step functions of the pipeline. Each is its own Lambda in AWS. */
public enum Step {
    VALIDATOR,
    INVENTORY,
    PAYMENT,
    FULFILLMENT,
    NOTIFICATION
}
