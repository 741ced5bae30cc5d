package io.serverlessorch.infrastructure;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * What differs between stages. Read from CDK context: {@code -c stage=prod}, {@code -c alarmEmail=ops@example.com},
 * {@code -c apiAuthorization=NONE}.
 *
 * @param stage            the stage name, part of every resource name ({@code serverless-orch-dev-orders})
 * @param production       keeps data on stack deletion and logs longer, allows more traffic
 * @param apiAuthorization {@code IAM} (default: callers sign with SigV4) or {@code NONE} (open; put another
 *                         authorizer in front first)
 * @param alarmEmail       subscribed to the alarm topic when set
 */
public record StageSettings(String stage, boolean production, String apiAuthorization, String alarmEmail) {

    public static StageSettings from(Node context) {
        String stage = stringOr(context.tryGetContext("stage"), "dev");
        if (!stage.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException("stage must be lower-case letters, digits and '-', at most 16 characters: " + stage);
        }
        String authorization = stringOr(context.tryGetContext("apiAuthorization"), "IAM").toUpperCase();
        if (!authorization.equals("IAM") && !authorization.equals("NONE")) {
            throw new IllegalArgumentException("apiAuthorization must be IAM or NONE, not " + authorization);
        }
        return new StageSettings(stage, stage.equals("prod"), authorization, stringOr(context.tryGetContext("alarmEmail"), null));
    }

    private static String stringOr(Object value, String fallback) {
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    /** {@code serverless-orch-<stage>}: the prefix of every name. */
    public String prefix() {
        return "serverless-orch-" + stage;
    }

    public String name(String what) {
        return prefix() + "-" + what;
    }

    public RemovalPolicy dataRemovalPolicy() {
        return production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    public RetentionDays logRetention() {
        return production ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS;
    }

    /** Requests per second the API stage accepts, steady and in a burst. */
    public int throttlingRate() {
        return production ? 500 : 50;
    }

    public int throttlingBurst() {
        return production ? 1000 : 100;
    }
}
