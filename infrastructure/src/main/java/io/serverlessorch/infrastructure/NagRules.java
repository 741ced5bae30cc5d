package io.serverlessorch.infrastructure;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

import java.util.List;

/**
 * AWS's own rule packs (cdk-nag's {@code AwsSolutions} and {@code Serverless}) on every stack of a stage. A
 * finding is an error annotation: {@code cdk synth} (and so {@code deploy.sh}) fails on it, and so do the
 * tests. Each finding we accept is suppressed where it arises, with the reason, in the stack that owns it.
 */
final class NagRules {

    private NagRules() {
    }

    static void check(Stack stack) {
        NagPackProps props = NagPackProps.builder().verbose(true).build();
        Aspects.of(stack).add(new AwsSolutionsChecks(props));
        Aspects.of(stack).add(new ServerlessChecks(props));
    }

    /**
     * Accepts a finding on {@code where} and everything under it, only for {@code appliesTo} where given (the
     * exact policy or resource the finding names), with the reason a reviewer reads.
     */
    static void accept(IConstruct where, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(where, List.of(suppression.build()), true);
    }
}
