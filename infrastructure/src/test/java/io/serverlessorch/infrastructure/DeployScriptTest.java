package io.serverlessorch.infrastructure;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/deploy.sh} against a stand-in AWS CLI: it says where it deploys and stops before building
 * when it cannot know, and it finds what an earlier stack of the stage left in the way.
 */
class DeployScriptTest {

    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

    /** Answers as the AWS CLI would, from FAKE_* variables; logs every call. */
    private static final String FAKE_AWS = """
            #!/usr/bin/env bash
            echo "$*" >> "$FAKE_AWS_LOG"
            value() { local key="$1"; shift; while [[ $# -gt 0 ]]; do [[ "$1" == "$key" ]] && { echo "$2"; return; }; shift; done; }
            listed() { [[ " $1 " == *" $2 "* ]]; }
            case "$1 $2" in
              "configure get") [[ -n "${FAKE_PROFILE_REGION:-}" ]] && echo "$FAKE_PROFILE_REGION" || exit 1 ;;
              "sts get-caller-identity")
                [[ "${FAKE_STS:-ok}" == ok ]] || { echo "An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired" >&2; exit 254; }
                printf '123456789012\\tarn:aws:iam::123456789012:user/alice\\n' ;;
              "lambda get-account-settings") echo "${FAKE_CONCURRENCY:-1000}" ;;
              "cloudformation describe-stacks")
                listed "${FAKE_STACKS:-}" "$(value --stack-name "$@")" || { echo "Stack does not exist" >&2; exit 254; }
                echo "${FAKE_STACK_STATUS:-UPDATE_COMPLETE}" ;;
              "dynamodb describe-table") listed "${FAKE_TABLES:-}" "$(value --table-name "$@")" || exit 254 ;;
              "sqs get-queue-url") listed "${FAKE_QUEUES:-}" "$(value --queue-name "$@")" || exit 254 ;;
              "secretsmanager describe-secret") listed "${FAKE_SECRETS:-}" "$(value --secret-id "$@")" || exit 254 ;;
              "logs describe-log-groups")
                for group in ${FAKE_LOG_GROUPS:-}; do [[ "$group" == "$(value --log-group-name-prefix "$@")"* ]] && printf '%s\\t' "$group"; done; echo ;;
              *) echo "unexpected call: $*" >&2; exit 255 ;;
            esac
            """;

    @TempDir
    Path work;
    private Path log;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void standInCli() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, FAKE_AWS);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = work.resolve("aws-calls.log");
        Files.createFile(log);
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        environment.put("FAKE_AWS_LOG", log.toString());
    }

    @Test
    void expiredCredentialsStopItBeforeAnythingIsBuilt() throws Exception {
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("FAKE_STS", "expired");

        Run run = deploy("--stage", "dev");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("credentials do not work") && run.err().contains("ExpiredToken"), run.err());
        assertFalse(run.out().contains("==> Building"), run.out());
    }

    @Test
    void noRegionStopsItRatherThanLettingTheCdkPickUsEast1() throws Exception {
        Run run = deploy("--stage", "dev");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("No AWS region is set"), run.err());
        assertFalse(run.out().contains("==> Building"), run.out());
        assertFalse(Files.readString(log).contains("sts"), "no call is made for an unknown region");
    }

    @Test
    void itSaysWhichAccountRegionAndStageAndDeploysNothingUnlessConfirmed() throws Exception {
        environment.put("FAKE_PROFILE_REGION", "eu-central-1");
        environment.put("FAKE_CONCURRENCY", "10");

        Run unanswered = deploy("--stage", "prod", "--alarm-email", "ops@example.com");
        Run declined = deployAnswering("n\n", "--stage", "prod");

        for (Run run : List.of(unanswered, declined)) {
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.out().contains("account  123456789012 (arn:aws:iam::123456789012:user/alice)"), run.out());
            assertTrue(run.out().contains("region   eu-central-1"), run.out());
            assertTrue(run.out().contains("stage    prod"), run.out());
            assertTrue(run.out().contains("may run only 10 Lambda functions at once"), run.out());
            assertFalse(run.out().contains("==> Building"), run.out());
        }
        assertTrue(unanswered.out().contains("e-mailed to ops@example.com"), unanswered.out());
        assertTrue(unanswered.err().contains("nobody answered"), unanswered.err());
        assertTrue(declined.err().contains("Not deployed."), declined.err());
        assertFalse(Files.readString(log).matches("(?s).*\\b(create|update|delete|put)-[a-z].*"), "only questions were asked: " + Files.readString(log));
    }

    @Test
    void whatADeletedProdStackKeptIsFoundBeforeTheDeployFailsOnIt() throws Exception {
        Path cdkOut = work.resolve("cdk.out");
        App app = App.Builder.create().outdir(cdkOut.toString()).build();
        ServerlessOrchApp.build(app, new StageSettings("prod", true, "IAM", null), StacksTest.LAMBDA_JAR, StacksTest.DASHBOARD);
        app.synth();
        environment.put("FAKE_TABLES", "serverless-orch-prod-orders serverless-orch-prod-catalog");
        environment.put("FAKE_QUEUES", "serverless-orch-prod-stream-dead-letters");
        environment.put("FAKE_SECRETS", "serverless-orch-prod-payment-webhook-secret");
        environment.put("FAKE_LOG_GROUPS", "/aws/lambda/serverless-orch-prod-order-api /aws/lambda/serverless-orch-prod-order-api-old");

        Run stacksGone = check(cdkOut);
        environment.put("FAKE_STACKS", "serverless-orch-prod-data serverless-orch-prod-application");
        Run stacksThere = check(cdkOut);
        environment.put("FAKE_STACK_STATUS", "ROLLBACK_COMPLETE");
        Run firstCreateFailed = check(cdkOut);

        assertEquals(List.of(
                "AWS::DynamoDB::Table serverless-orch-prod-catalog serverless-orch-prod-data",
                "AWS::DynamoDB::Table serverless-orch-prod-orders serverless-orch-prod-data",
                "AWS::Logs::LogGroup /aws/lambda/serverless-orch-prod-order-api serverless-orch-prod-application",
                "AWS::SQS::Queue serverless-orch-prod-stream-dead-letters serverless-orch-prod-application",
                "AWS::SecretsManager::Secret serverless-orch-prod-payment-webhook-secret serverless-orch-prod-application"),
                stacksGone.out().lines().sorted().toList(), stacksGone.toString());
        assertEquals("", stacksThere.out(), "a stack that exists owns its resources");
        assertEquals(stacksGone.out().lines().sorted().toList(), firstCreateFailed.out().lines().sorted().toList());

        Run explained = run("", "source \"$0/lib/deploy_checks.sh\" && explain_retained prod eu-west-1 <<<\"$1\"",
                SCRIPTS.toString(), stacksGone.out());
        assertTrue(explained.err().contains("npx cdk import <stack> -c stage=prod"), explained.err());
        assertTrue(explained.err().contains("aws dynamodb update-table --region eu-west-1 --table-name serverless-orch-prod-orders --no-deletion-protection-enabled"), explained.err());
        assertTrue(explained.err().contains("aws logs delete-log-group --region eu-west-1 --log-group-name /aws/lambda/serverless-orch-prod-order-api"), explained.err());
        assertTrue(explained.err().contains("aws secretsmanager delete-secret --region eu-west-1 --secret-id serverless-orch-prod-payment-webhook-secret "
                + "--force-delete-without-recovery"), explained.err());
    }

    @Test
    void aDevStageKeepsNothingSoNothingCanBeInTheWay() throws Exception {
        Path cdkOut = work.resolve("cdk.out");
        App app = App.Builder.create().outdir(cdkOut.toString()).build();
        ServerlessOrchApp.build(app, new StageSettings("dev", false, "IAM", null), StacksTest.LAMBDA_JAR, StacksTest.DASHBOARD);
        app.synth();
        environment.put("FAKE_TABLES", "serverless-orch-dev-orders");

        Run run = run("", "source \"$0/lib/deploy_checks.sh\" && retained_names \"$1\" serverless-orch-dev", SCRIPTS.toString(), cdkOut.toString());

        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.out());
    }

    private Run check(Path cdkOut) throws Exception {
        Run run = run("", "source \"$0/lib/deploy_checks.sh\" && retained_in_the_way \"$1\" serverless-orch-prod eu-west-1",
                SCRIPTS.toString(), cdkOut.toString());
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private Run deploy(String... args) throws Exception {
        return deployAnswering("", args);
    }

    private Run deployAnswering(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve("deploy.sh").toString()));
        command.addAll(List.of(args));
        return start(command, input);
    }

    private Run run(String input, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", script));
        command.addAll(List.of(args));
        return start(command, input);
    }

    private Run start(List<String> command, String input) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only what the test sets: no AWS_* of the machine running the tests.
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("CDK_"));
        builder.environment().putAll(environment);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script ended");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int exit, String out, String err) {
    }
}
