package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;

/** How every function starts its Micronaut context. */
final class FunctionContexts {

    private FunctionContexts() {
    }

    /**
     * Lambda's environments, as Micronaut's own Lambda builder sets them, but each singleton built when first
     * used rather than all at start (that builder's choice, which cannot be undone on it): a function builds only
     * the beans it uses, so the API builds neither a Lambda client nor the pipeline, and a step no stream
     * processor. Under SnapStart, priming builds what a function uses before the snapshot ({@link SnapStartPriming}).
     */
    static ApplicationContextBuilder builder() {
        return ApplicationContext.builder().environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA);
    }
}
