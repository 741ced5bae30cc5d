package io.serverlessorch.infrastructure;

import io.serverlessorch.api.ApiLimits;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.PaymentDeadlineHandler;
import io.serverlessorch.handlers.StepHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.monitoring.MonitoredNames;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.dynamodb.OrderStreamFilter;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/**
 * The functions (all from the one deployment jar), the API in front of the order API function, the stream wiring
 * that drives the pipeline, the schedule of the payment deadline sweep, and the payment webhook's signing secret.
 *
 * <p>Sizing: Lambda gives CPU in proportion to memory; 1024 MB is about 0.6 vCPU, where a Java function's
 * first requests after a restore stop being CPU-bound. Steps do a few DynamoDB calls each, so 768 MB.
 * Timeouts sit under what calls them: the API's under API Gateway's 29 s; a step's well under the processor's,
 * which allows for the tries of the steps one record can need ({@code TimeBudget}, from {@code RetryBudget}).
 */
public class ApplicationStack extends Stack {

    static final String ALIAS = "live";
    /** {@code POST /payments/webhook}: the payment provider's route, the one that no AWS signature guards. */
    static final String WEBHOOK_PATH_END = "webhook";
    static final String WEBHOOK_AUTHORIZATION = "The payment provider cannot sign requests with SigV4: the webhook's only key "
            + "is the HMAC signature in its Payment-Signature header, which the function checks with the secret from Secrets "
            + "Manager before it reads the body. Refusals are counted (WebhookRefusals by reason) and a burst of bad "
            + "signatures alarms (webhook-bad-signatures); the web ACL's rate limit per client applies to this route";
    /** The actions a role is granted on {@code *}, because IAM has no resource to name for them. */
    static final List<String> ACCOUNT_WIDE_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams");
    /**
     * The API's access log line: who asked for what and how it ended, with the latencies and the integration's
     * status and error that tell the gateway's own failures from the function's.
     */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"caller\":\"$context.identity.caller\",\"user\":\"$context.identity.user\","
            + "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
            + "\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integration.latency\",\"integrationStatus\":\"$context.integration.status\","
            + "\"integrationError\":\"$context.integration.error\",\"errorType\":\"$context.error.responseType\","
            + "\"errorMessage\":\"$context.error.message\",\"xrayTraceId\":\"$context.xrayTraceId\"}";

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final RestApi api;
    private final Queue deadLetters;
    private final Queue deadlineSweepDeadLetters;
    private final Secret webhookSecret;
    private final Rule deadlineSweepSchedule;

    public ApplicationStack(Construct scope, String id, StackProps props, StageSettings stage, DataStack data, Path lambdaJar) {
        super(scope, id, props);
        MonitoredNames names = new MonitoredNames(stage.prefix(), stage.stage());
        if (!Files.exists(lambdaJar)) {
            throw new IllegalStateException("The deployment jar " + lambdaJar.toAbsolutePath() + " is missing: run mvn package first");
        }
        Code code = Code.fromAsset(lambdaJar.toString());
        Table orders = data.orders();
        Table catalog = data.catalog();
        Map<String, String> tables = new TreeMap<>(Map.of(
                "ORCH_TABLES_ORDERS", orders.getTableName(),
                "ORCH_TABLES_CATALOG", catalog.getTableName()));
        // One retry budget (RetryBudget) for the processor, the steps and the stream mapping: their timeouts,
        // the processor's retries and the mapping's, all from the same numbers.
        TimeBudget budget = TimeBudget.DEFAULT;
        RetryBudget.Stream stream = budget.retryBudget().stream();
        Duration stepTimeout = Duration.seconds(budget.stepTimeout().toSeconds());

        // The steps: one function each, all running StepHandler, told their step by ORCH_STEP.
        Map<Step, List<PolicyStatement>> permissions = stepPermissions(orders, catalog);
        Map<Step, Alias> steps = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            String name = step.id();
            Map<String, String> environment = new TreeMap<>(tables);
            environment.put("ORCH_STEP", name);
            steps.put(step, function(stage, code, name, StepHandler.class, 768, stepTimeout, environment,
                    permissions.getOrDefault(step, List.of()).toArray(PolicyStatement[]::new)));
        }

        // The stream processor: records each status in the history, writes the moves no step writes, reads an order
        // whose move it finds made already (to carry it on), calls the steps' aliases.
        Map<String, String> processorEnvironment = new TreeMap<>(tables);
        steps.forEach((step, alias) -> processorEnvironment.put("ORCH_STEPS_FUNCTIONS_" + step.name(), alias.getFunctionArn()));
        processorEnvironment.put("ORCH_PIPELINE_STEP_ATTEMPTS", Integer.toString(budget.retry().attempts()));
        processorEnvironment.put("ORCH_PIPELINE_FIRST_BACKOFF", budget.retry().firstBackoff().toMillis() + "ms");
        processorEnvironment.put("ORCH_PIPELINE_MAX_BACKOFF", budget.retry().maxBackoff().toMillis() + "ms");
        processorEnvironment.put("ORCH_PIPELINE_STEP_TIMEOUT", budget.stepTimeout().toSeconds() + "s");
        processorEnvironment.put("ORCH_PIPELINE_PROCESSOR_TIMEOUT", budget.processorTimeout().toSeconds() + "s");
        Alias processor = function(stage, code, "stream-processor", StreamProcessorHandler.class, 1024,
                Duration.seconds(budget.processorTimeout().toSeconds()), processorEnvironment,
                allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"), orders.getTableArn()),
                allow(List.of("lambda:InvokeFunction"), steps.values().stream().map(Alias::getFunctionArn).toArray(String[]::new)));

        deadLetters = deadLetterQueue(stage, "StreamDeadLetters", names.deadLetterQueue(),
                "the stream mapping's on-failure destination");
        processor.addEventSource(DynamoEventSource.Builder.create(orders)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(stream.batchSize())
                .parallelizationFactor(2)
                .bisectBatchOnError(stream.bisectOnError())
                .reportBatchItemFailures(true)
                .retryAttempts(stream.retries())
                .maxRecordAge(Duration.seconds(stream.maxRecordAge().toSeconds()))
                .onFailure(new SqsDlq(deadLetters))
                // Only order items created or changed (the local run applies the same filter).
                .filters(List.of(FilterCriteria.filter(new TreeMap<>(OrderStreamFilter.PATTERN))))
                .build());

        // The payment provider's webhook signing secret. The stack makes it with a random placeholder, so no value is
        // ever in code, a template or a log; operators put the provider's secret with put-secret-value. The generator
        // below must not change: CloudFormation would generate a new value over the one put there.
        webhookSecret = Secret.Builder.create(this, "PaymentWebhookSecret")
                .secretName(names.paymentWebhookSecret())
                .description("The payment provider's webhook signing secret: a random placeholder until an operator puts the "
                        + "provider's value with aws secretsmanager put-secret-value")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        NagRules.accept(webhookSecret, "AwsSolutions-SMG4", "The payment provider issues this secret, so there is nothing for "
                + "a rotation function to generate: rotating it is putting the provider's new value (aws secretsmanager "
                + "put-secret-value). The order API re-reads it every 5 minutes, and at once (at most once a minute) after a "
                + "signature that does not match, so a new value is taken without a deploy");

        // The order API: places, reads and cancels orders, and takes the payment provider's webhooks. A cancel and a
        // webhook update the order item; a webhook for a cancelled order charges and refunds it in one transaction
        // (an update of the order item and a put of the refund item).
        Map<String, String> apiEnvironment = new TreeMap<>(tables);
        apiEnvironment.put("ORCH_PAYMENT_WEBHOOK_SECRET_ARN", webhookSecret.getSecretArn());
        Alias orderApi = function(stage, code, "order-api", OrderApiHandler.class, 1024, Duration.seconds(15), apiEnvironment,
                allow(List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchGetItem"),
                        orders.getTableArn()),
                allow(List.of("dynamodb:Query"),
                        orders.getTableArn() + "/index/" + Orders.STATUS_INDEX,
                        orders.getTableArn() + "/index/" + Orders.CREATION_INDEX,
                        orders.getTableArn() + "/index/" + Orders.CUSTOMER_INDEX),
                allow(List.of("secretsmanager:GetSecretValue"), webhookSecret.getSecretArn()));
        api = restApi(stage, orderApi);

        // The payment deadline sweep: every minute, cancels the orders waiting past their deadline. Under a minute's
        // timeout, so runs rarely overlap (an overlap is harmless: each move is a conditional write).
        deadlineSweepDeadLetters = deadLetterQueue(stage, "DeadlineSweepDeadLetters", names.deadlineSweepDeadLetterQueue(),
                "the deadline sweep's: the schedule's dead-letter queue for sweeps it could not deliver, and the on-failure "
                        + "destination of the function's alias for sweeps that failed every try");
        Alias sweep = function(stage, code, MonitoredNames.DEADLINE_SWEEP, PaymentDeadlineHandler.class, 768, Duration.seconds(50),
                tables, deadlineSweepDeadLetters,
                allow(List.of("dynamodb:Query"), orders.getTableArn() + "/index/" + Orders.DEADLINE_INDEX),
                allow(List.of("dynamodb:UpdateItem"), orders.getTableArn()));
        deadlineSweepSchedule = Rule.Builder.create(this, "DeadlineSweepSchedule")
                .ruleName(names.deadlineSweepSchedule())
                .description("Runs the payment deadline sweep every minute")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(new LambdaFunction(sweep, LambdaFunctionProps.builder()
                        // A sweep not delivered within the minute is superseded by the next one; what still failed is
                        // kept in the queue, where its alarm sees it.
                        .retryAttempts(2)
                        .maxEventAge(Duration.minutes(1))
                        .deadLetterQueue(deadlineSweepDeadLetters)
                        .build())))
                .build();

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl()).description("The order API").build();
        CfnOutput.Builder.create(this, "PaymentWebhookUrl").value(api.urlForPath("/payments/webhook"))
                .description("Where the payment provider sends its webhooks").build();
        CfnOutput.Builder.create(this, "PaymentWebhookSecretArn").value(webhookSecret.getSecretArn())
                .description("Put the provider's webhook signing secret here: aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string ...")
                .build();
    }

    /** A dead-letter queue: kept 14 days, encrypted, TLS only, and in prod outliving the stack. */
    private Queue deadLetterQueue(StageSettings stage, String id, String name, String whose) {
        Queue queue = Queue.Builder.create(this, id)
                .queueName(name)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // Dead letters are work nobody handled yet: in prod they outlive the stack.
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        for (String rule : List.of("AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy")) {
            NagRules.accept(queue, rule, "This queue is a dead-letter queue, " + whose + ", which the rule does not recognise as one");
        }
        return queue;
    }

    /** What each step may touch beyond its own log group: only what its effects need. A step not named here gets nothing more. */
    private static Map<Step, List<PolicyStatement>> stepPermissions(Table orders, Table catalog) {
        Map<Step, List<PolicyStatement>> permissions = new EnumMap<>(Step.class);
        // Reads the catalog's prices; moves a valid order on (every step writes its success's move: OrderPipeline).
        permissions.put(Step.VALIDATOR, List.of(allow(List.of("dynamodb:BatchGetItem"), catalog.getTableArn()),
                allow(List.of("dynamodb:UpdateItem"), orders.getTableArn())));
        // Holding stock updates the order (the move) and the stock; releasing it checks the order and puts a record.
        // Reads the buckets an order holds, and each product's bucket count.
        permissions.put(Step.INVENTORY, List.of(
                allow(List.of("dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"), orders.getTableArn()),
                allow(List.of("dynamodb:BatchGetItem", "dynamodb:UpdateItem"), catalog.getTableArn())));
        // Charging updates the order (the move); refunding checks it and puts a record.
        permissions.put(Step.PAYMENT, List.of(
                allow(List.of("dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem"), orders.getTableArn())));
        // Shipping updates the order (the move) and the stock; reads the buckets the order holds.
        permissions.put(Step.FULFILLMENT, List.of(
                allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), orders.getTableArn()),
                allow(List.of("dynamodb:UpdateItem"), catalog.getTableArn())));
        // A fulfilled order's confirmation updates the order (the move to COMPLETED); the other messages are a put.
        permissions.put(Step.NOTIFICATION, List.of(allow(List.of("dynamodb:PutItem", "dynamodb:UpdateItem"), orders.getTableArn())));
        return permissions;
    }

    private RestApi restApi(StageSettings stage, Alias handler) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .logGroupName("/aws/apigateway/" + stage.name("api"))
                .retention(stage.logRetention())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        AuthorizationType authorization = stage.apiAuthorization().equals("IAM") ? AuthorizationType.IAM : AuthorizationType.NONE;
        RestApi restApi = RestApi.Builder.create(this, "Api")
                .restApiName(stage.name("api"))
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(stage.stage())
                        .throttlingRateLimit(stage.throttlingRate())
                        .throttlingBurstLimit(stage.throttlingBurst())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                        .metricsEnabled(true)
                        .tracingEnabled(true)
                        // Execution logs for errors only: INFO would log every request twice (access logs have them).
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .build())
                .defaultMethodOptions(MethodOptions.builder().authorizationType(authorization).build())
                .build();
        problemResponses(restApi);
        // API Gateway writes its execution log (ERROR level, below) to a group of its own naming, which it would
        // create on first use with no retention, outliving the stack. Made here first, it has both.
        LogGroup executionLogs = LogGroup.Builder.create(this, "ApiExecutionLogs")
                .logGroupName("API-Gateway-Execution-Logs_" + restApi.getRestApiId() + "/" + stage.stage())
                .retention(stage.logRetention())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        restApi.getDeploymentStage().getNode().addDependency(executionLogs);
        NagRules.accept(restApi, "AwsSolutions-IAM4", "API Gateway's account-wide role for writing its logs to "
                + "CloudWatch: AWS's managed policy is the documented one",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        RequestValidator validator = RequestValidator.Builder.create(this, "RequestValidator")
                .restApi(restApi).validateRequestBody(true).validateRequestParameters(true).build();

        LambdaIntegration integration = LambdaIntegration.Builder.create(handler).proxy(true).build();
        IResource orders = restApi.getRoot().addResource("orders");
        orders.addMethod("GET", integration, MethodOptions.builder()
                .requestValidator(validator)
                // Declared, all optional: their values are checked by the function, which knows their rules.
                .requestParameters(new TreeMap<>(Map.of(
                        "method.request.querystring.status", false,
                        "method.request.querystring.limit", false,
                        "method.request.querystring.next_token", false,
                        "method.request.querystring.customer_id", false)))
                .build());
        orders.addMethod("POST", integration, MethodOptions.builder()
                .requestValidator(validator)
                .requestModels(Map.of("application/json", orderModel(restApi)))
                .build());
        IResource order = orders.addResource("{orderId}");
        order.addMethod("GET", integration);
        // A cancel's body is optional (an empty one is validated as {}); when sent, the gateway bounds it.
        order.addResource("cancel").addMethod("POST", integration, MethodOptions.builder()
                .requestValidator(validator)
                .requestModels(Map.of("application/json", cancelModel(restApi)))
                .build());
        restApi.getRoot().addResource("health").addMethod("GET", integration);
        restApi.getRoot().addResource("openapi").addResource("{file}").addMethod("GET", integration);
        NagRules.accept(restApi, "AwsSolutions-COG4", authorization == AuthorizationType.IAM
                ? "Callers are AWS principals that sign with SigV4 (IAM authorization); there is no end-user pool"
                : "Opened on purpose with --api-authorization NONE; the web ACL in front limits each client's rate");
        NagRules.accept(restApi.getLatestDeployment(), "CdkNagValidationFailure", "Serverless-APIGWStructuredLogging looks "
                + "for the stage's settings on the deployment, which has none: the stage is its own resource, and its "
                + "access log is JSON (the rule passes there)", "Serverless-APIGWStructuredLogging");
        if (authorization == AuthorizationType.NONE) {
            NagRules.accept(restApi, "AwsSolutions-APIG4", "Opened on purpose with --api-authorization NONE (the README "
                    + "asks for another authorizer in front first); the web ACL below limits each client's rate");
        }
        // Added after the suppressions above, which apply to what the API has when they are made: the webhook has its own.
        Method webhook = restApi.getRoot().addResource("payments").addResource(WEBHOOK_PATH_END).addMethod("POST", integration,
                MethodOptions.builder().authorizationType(AuthorizationType.NONE).build());
        for (String rule : List.of("AwsSolutions-APIG4", "AwsSolutions-COG4")) {
            NagRules.accept(webhook, rule, WEBHOOK_AUTHORIZATION);
        }
        webAcl(stage, restApi, authorization == AuthorizationType.IAM);
        return restApi;
    }

    /**
     * In front of the API's open routes: AWS's common protections, and at most 1,000 requests per client per 5
     * minutes. With IAM authorization only the webhook is open, and only it is inspected: a signed order can be
     * larger than the common rules' 8 KB body limit, and its caller is a known principal the stage throttles.
     */
    private void webAcl(StageSettings stage, RestApi restApi, boolean onlyTheWebhook) {
        CfnWebACL.StatementProperty webhookOnly = !onlyTheWebhook ? null : CfnWebACL.StatementProperty.builder()
                .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(Map.of()).build())
                        // The path as the client sent it: behind the stage name on the default endpoint.
                        .positionalConstraint("ENDS_WITH")
                        .searchString("/payments/" + WEBHOOK_PATH_END)
                        .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder().priority(0).type("NONE").build()))
                        .build())
                .build();
        CfnWebACL acl = CfnWebACL.Builder.create(this, "ApiWebAcl")
                .name(stage.name("api"))
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility(stage.name("api")))
                .rules(List.of(
                        CfnWebACL.RuleProperty.builder()
                                .name("common").priority(0)
                                .statement(CfnWebACL.StatementProperty.builder()
                                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                                .vendorName("AWS").name("AWSManagedRulesCommonRuleSet")
                                                .scopeDownStatement(webhookOnly).build())
                                        .build())
                                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                                .visibilityConfig(visibility(stage.name("api-common")))
                                .build(),
                        CfnWebACL.RuleProperty.builder()
                                .name("rate-per-client").priority(1)
                                .statement(CfnWebACL.StatementProperty.builder()
                                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                                .limit(1000).aggregateKeyType("IP").scopeDownStatement(webhookOnly).build())
                                        .build())
                                .action(CfnWebACL.RuleActionProperty.builder()
                                        .block(CfnWebACL.BlockActionProperty.builder().build()).build())
                                .visibilityConfig(visibility(stage.name("api-rate")))
                                .build()))
                .build();
        CfnWebACLAssociation.Builder.create(this, "ApiWebAclAssociation")
                .resourceArn(restApi.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .metricName(metricName).cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }

    /** A cancel's optional body: at most a one-line reason, which the function checks in full. */
    private Model cancelModel(RestApi restApi) {
        return Model.Builder.create(this, "CancelModel")
                .restApi(restApi)
                .contentType("application/json")
                .modelName("CancelOrderRequest")
                .schema(JsonSchema.builder()
                        .type(JsonSchemaType.OBJECT)
                        .maxProperties(1)
                        .properties(Map.of("reason", JsonSchema.builder().type(JsonSchemaType.STRING)
                                .maxLength(ApiLimits.MAX_CANCEL_REASON).build()))
                        .build())
                .build();
    }

    /**
     * Bounds the body's size at the gateway: at most {@link ApiLimits#MAX_ITEMS} lines and bounded strings, so a
     * huge body never reaches (or bills) the function. The function still checks every field itself.
     */
    private Model orderModel(RestApi restApi) {
        JsonSchema boundedString = JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(256).build();
        JsonSchema boundedObject = JsonSchema.builder().type(JsonSchemaType.OBJECT).maxProperties(8)
                .additionalProperties(boundedString).build();
        return Model.Builder.create(this, "OrderModel")
                .restApi(restApi)
                .contentType("application/json")
                .modelName("OrderRequest")
                .schema(JsonSchema.builder()
                        .type(JsonSchemaType.OBJECT)
                        .maxProperties(4)
                        .properties(new TreeMap<>(Map.of(
                                "items", JsonSchema.builder().type(JsonSchemaType.ARRAY).maxItems(ApiLimits.MAX_ITEMS)
                                        .items(JsonSchema.builder().type(JsonSchemaType.OBJECT).maxProperties(3).build()).build(),
                                "customer", boundedObject,
                                "shipping_address", boundedObject,
                                "payment", boundedObject)))
                        .build())
                .build();
    }

    /**
     * API Gateway's own refusals, as RFC 9457 problems like the function's. Gateway response templates take
     * plain variable substitution only: the status is written per response, and the message goes in through
     * {@code $context.error.messageString}, which API Gateway quotes and escapes as a JSON string.
     */
    private static void problemResponses(RestApi restApi) {
        record Refusal(ResponseType type, int status, String title) {
        }
        for (Refusal refusal : List.of(
                // Every response type API Gateway has, with its own status, so each refusal is a whole problem
                // (type, title, status, detail), as the OpenAPI document's Problem requires.
                new Refusal(ResponseType.BAD_REQUEST_BODY, 400, "Bad Request"),
                new Refusal(ResponseType.BAD_REQUEST_PARAMETERS, 400, "Bad Request"),
                new Refusal(ResponseType.UNAUTHORIZED, 401, "Unauthorized"),
                new Refusal(ResponseType.ACCESS_DENIED, 403, "Forbidden"),
                new Refusal(ResponseType.MISSING_AUTHENTICATION_TOKEN, 403, "Forbidden"),
                new Refusal(ResponseType.INVALID_SIGNATURE, 403, "Forbidden"),
                new Refusal(ResponseType.EXPIRED_TOKEN, 403, "Forbidden"),
                new Refusal(ResponseType.INVALID_API_KEY, 403, "Forbidden"),
                new Refusal(ResponseType.WAF_FILTERED, 403, "Forbidden"),
                new Refusal(ResponseType.RESOURCE_NOT_FOUND, 404, "Not Found"),
                new Refusal(ResponseType.REQUEST_TOO_LARGE, 413, "Request Entity Too Large"),
                new Refusal(ResponseType.UNSUPPORTED_MEDIA_TYPE, 415, "Unsupported Media Type"),
                new Refusal(ResponseType.THROTTLED, 429, "Too Many Requests"),
                new Refusal(ResponseType.QUOTA_EXCEEDED, 429, "Too Many Requests"),
                new Refusal(ResponseType.API_CONFIGURATION_ERROR, 500, "Internal Server Error"),
                new Refusal(ResponseType.AUTHORIZER_CONFIGURATION_ERROR, 500, "Internal Server Error"),
                new Refusal(ResponseType.AUTHORIZER_FAILURE, 500, "Internal Server Error"),
                new Refusal(ResponseType.INTEGRATION_FAILURE, 504, "Gateway Timeout"),
                new Refusal(ResponseType.INTEGRATION_TIMEOUT, 504, "Gateway Timeout"))) {
            restApi.addGatewayResponse("Problem" + refusal.type().getResponseType(), GatewayResponseOptions.builder()
                    .type(refusal.type())
                    .statusCode(Integer.toString(refusal.status()))
                    .responseHeaders(Map.of("Content-Type", "'application/problem+json'"))
                    .templates(Map.of("application/json", "{\"type\":\"about:blank\",\"title\":\"" + refusal.title()
                            + "\",\"status\":" + refusal.status() + ",\"detail\":$context.error.messageString}"))
                    .build());
        }
        // A response type API Gateway adds later keeps its own status and is a problem too; its title would differ
        // per status, so only the detail is given.
        for (ResponseType fallback : List.of(ResponseType.DEFAULT_4_XX, ResponseType.DEFAULT_5_XX)) {
            restApi.addGatewayResponse("Problem" + fallback.getResponseType(), GatewayResponseOptions.builder()
                    .type(fallback)
                    .responseHeaders(Map.of("Content-Type", "'application/problem+json'"))
                    .templates(Map.of("application/json", "{\"type\":\"about:blank\",\"detail\":$context.error.messageString}"))
                    .build());
        }
    }

    private Alias function(StageSettings stage, Code code, String name, Class<?> handler, int memoryMb, Duration timeout,
                           Map<String, String> environment, PolicyStatement... permissions) {
        return function(stage, code, name, handler, memoryMb, timeout, environment, null, permissions);
    }

    /**
     * @param asyncFailures where Lambda puts an asynchronous invocation of the alias that failed every try; null for
     *                      a function nothing invokes asynchronously
     */
    private Alias function(StageSettings stage, Code code, String name, Class<?> handler, int memoryMb, Duration timeout,
                           Map<String, String> environment, Queue asyncFailures, PolicyStatement... permissions) {
        Map<String, String> env = new TreeMap<>(environment);
        // C1 only: a short-lived, I/O-bound function starts faster and rarely lives long enough for C2 to pay off.
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        LogGroup logs = LogGroup.Builder.create(this, id(name) + "Logs")
                .logGroupName("/aws/lambda/" + stage.name(name))
                .retention(stage.logRetention())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        // Its own role rather than AWS's basic execution policy, which allows creating and writing any log group
        // in the account: the function's log group is made above, so it only writes streams there.
        Role role = Role.Builder.create(this, id(name) + "ServiceRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        role.addToPolicy(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logs.getLogGroupArn()));
        Function function = Function.Builder.create(this, id(name))
                .role(role)
                .functionName(stage.name(name))
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(code)
                .handler(handler.getName())
                .memorySize(memoryMb)
                .timeout(timeout)
                .environment(env)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                // Explicit rather than Lambda's default: Lambda drops JSON lines below it, and passes it to the functions
                // as AWS_LAMBDA_LOG_LEVEL, which their logging (io.serverlessorch.logging) follows to skip those lines.
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                // INFO keeps Lambda's platform.report lines, which the dashboard's cold-start widget reads (restore and
                // init durations exist nowhere else); WARN would drop them.
                .systemLogLevelV2(SystemLogLevel.INFO)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .build();
        for (PolicyStatement permission : permissions) {
            function.addToRolePolicy(permission);
        }
        // SnapStart snapshots published versions only: the alias below points at the current published version.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish", "published through the live alias");
        Alias alias = Alias.Builder.create(this, id(name) + "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        NagRules.accept(role, "AwsSolutions-IAM5", "Only " + String.join(", ", ACCOUNT_WIDE_ACTIONS) + " are granted on "
                + "*: they take no resource ARN (X-Ray tracing; the stream mapping's dynamodb:ListStreams). Every other "
                + "permission names its resource (StacksTest checks)", "Resource::*");
        for (String rule : List.of("AwsSolutions-L1", "Serverless-LambdaLatestVersion")) {
            NagRules.accept(function, rule, "Java 21 (LTS) until the jar's cold starts and SnapStart restores are measured "
                    + "on Java 25; the jar is built for release 17 and runs on both");
        }
        if (asyncFailures == null) {
            NagRules.accept(function, "Serverless-LambdaDLQ", "A function dead-letter queue only catches asynchronous "
                    + "invocations, and this function is not invoked asynchronously: the API and the steps are called "
                    + "synchronously, and the stream mapping sends what the processor cannot handle to its own on-failure queue");
        } else {
            // Lambda's own tries of a failed invocation: two, within 5 minutes (for a timer, later runs have taken over
            // by then); what still failed goes to the queue, with its error.
            alias.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                    .retryAttempts(2)
                    .maxEventAge(Duration.minutes(5))
                    .onFailure(new SqsDestination(asyncFailures))
                    .build());
            NagRules.accept(function, "Serverless-LambdaDLQ", "Asynchronous invocations of the live alias that fail every try "
                    + "go to the on-failure destination of its invoke config (" + asyncFailures.getNode().getId() + "), which keeps "
                    + "the error with the event: the newer form of a function dead-letter queue, not both");
        }
        functions.put(name, function);
        return alias;
    }

    private static PolicyStatement allow(List<String> actions, String... resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(List.of(resources)).build();
    }

    private static String id(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    /** The functions by short name ({@code order-api}, {@code stream-processor}, {@code validator}, ...). */
    public Map<String, Function> functions() {
        return functions;
    }

    public RestApi api() {
        return api;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Queue deadlineSweepDeadLetters() {
        return deadlineSweepDeadLetters;
    }

    public Secret webhookSecret() {
        return webhookSecret;
    }

    public Rule deadlineSweepSchedule() {
        return deadlineSweepSchedule;
    }
}
