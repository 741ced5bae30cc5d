package io.serverlessorch.infrastructure;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;

import java.nio.file.Path;
import java.util.List;

/**
 * The CDK app: {@code cdk deploy --all -c stage=dev} (see scripts/deploy.sh). Three stacks per stage:
 * data (tables), application (functions, API, stream wiring) and monitoring (dashboard, alarms).
 */
public final class ServerlessOrchApp {

    private ServerlessOrchApp() {
    }

    public static void main(String[] args) {
        // A synth slower than 10 s per stack (a busy machine) also writes cdk.out/performance-counters.json, so two
        // synths of the same code would differ by a file; the counters are CDK's own telemetry, not ours.
        App app = new App(AppProps.builder().performanceReporting(false).build());
        build(app, StageSettings.from(app.getNode()),
                Path.of(contextOr(app, "lambdaJar", "../app/target/serverless-orch-lambda.jar")),
                Path.of(contextOr(app, "dashboardFile", "../dashboards/serverless-orch.json")));
        app.synth();
    }

    /**
     * Resources whose CloudFormation schema, as cfn-lint 1.51 knows it, has no {@code Tags}: CDK's newer spec
     * tags dashboards, and a template that might be refused is not worth a tag nobody filters on.
     */
    private static final TagProps UNTAGGED = TagProps.builder().excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard")).build();

    /** The stacks of one stage, in {@code app}. */
    public static Stacks build(App app, StageSettings stage, Path lambdaJar, Path dashboardFile) {
        StackProps props = StackProps.builder()
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build();
        DataStack data = new DataStack(app, stage.name("data"), props, stage);
        ApplicationStack application = new ApplicationStack(app, stage.name("application"), props, stage, data, lambdaJar);
        MonitoringStack monitoring = new MonitoringStack(app, stage.name("monitoring"), props, stage, data, application, dashboardFile);
        // Per stack, not per app: an app may hold several stages.
        for (Stack stack : List.of(data, application, monitoring)) {
            Tags.of(stack).add("project", "serverless-orch", UNTAGGED);
            Tags.of(stack).add("stage", stage.stage(), UNTAGGED);
            NagRules.check(stack);
        }
        return new Stacks(data, application, monitoring);
    }

    public record Stacks(DataStack data, ApplicationStack application, MonitoringStack monitoring) {
    }

    private static String contextOr(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
