package io.serverlessorch.infrastructure;

import io.serverlessorch.handlers.StepHandler;
import io.serverlessorch.monitoring.MonitoredNames;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.dynamodb.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The synthesized templates of one stage, checked without an AWS account. */
class StacksTest {

    static final Path LAMBDA_JAR = Path.of("..", "app", "target", "serverless-orch-lambda.jar");
    static final Path DASHBOARD = Path.of("..", "dashboards", "serverless-orch.json");

    static Template data;
    static Template application;
    static Template monitoring;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        ServerlessOrchApp.Stacks stacks = ServerlessOrchApp.build(app, new StageSettings("test", false, "IAM", "ops@example.com"), LAMBDA_JAR, DASHBOARD);
        data = Template.fromStack(stacks.data());
        application = Template.fromStack(stacks.application());
        monitoring = Template.fromStack(stacks.monitoring());
    }

    // ---- AWS's rule packs

    @Test
    void everyStageHasNoUnsuppressedNagFinding() {
        for (StageSettings stage : List.of(new StageSettings("dev", false, "IAM", "ops@example.com"),
                new StageSettings("prod", true, "IAM", "ops@example.com"), new StageSettings("open", false, "NONE", null))) {
            App app = new App();
            ServerlessOrchApp.Stacks stacks = ServerlessOrchApp.build(app, stage, LAMBDA_JAR, DASHBOARD);
            List<String> findings = new ArrayList<>();
            for (Stack stack : List.of(stacks.data(), stacks.application(), stacks.monitoring())) {
                Annotations annotations = Annotations.fromStack(stack);
                for (var message : annotations.findError("*", Match.anyValue())) {
                    findings.add(stack.getStackName() + " " + message.getId() + ": " + message.getEntry().getData());
                }
                for (var message : annotations.findWarning("*", Match.stringLikeRegexp("(AwsSolutions|Serverless)-.*"))) {
                    findings.add(stack.getStackName() + " " + message.getId() + ": " + message.getEntry().getData());
                }
            }
            assertEquals(List.of(), findings, String.join("\n", findings));
        }
    }

    // ---- tables

    @Test
    void theOrdersTableIsTheOneDefinedInCode() {
        data.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "serverless-orch-test-orders",
                "KeySchema", List.of(
                        Map.of("AttributeName", Tables.Orders.PARTITION_KEY, "KeyType", "HASH"),
                        Map.of("AttributeName", Tables.Orders.SORT_KEY, "KeyType", "RANGE")),
                "BillingMode", "PAY_PER_REQUEST",
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                "TimeToLiveSpecification", Map.of("AttributeName", Tables.Orders.TTL_ATTRIBUTE, "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "GlobalSecondaryIndexes", List.of(
                        Map.of("IndexName", Tables.Orders.STATUS_INDEX,
                                "KeySchema", List.of(Map.of("AttributeName", "status_shard", "KeyType", "HASH"), Map.of("AttributeName", "created_at", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "KEYS_ONLY")),
                        Map.of("IndexName", Tables.Orders.CREATION_INDEX,
                                "KeySchema", List.of(Map.of("AttributeName", "listing", "KeyType", "HASH"), Map.of("AttributeName", "created_at", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "KEYS_ONLY")),
                        // The sparse index the deadline sweep reads: its keys from the constants the code writes.
                        Map.of("IndexName", "orders-by-deadline",
                                "KeySchema", List.of(Map.of("AttributeName", "deadline_shard", "KeyType", "HASH"), Map.of("AttributeName", "deadline_at", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "KEYS_ONLY")),
                        // A customer's orders: one unsharded key per customer, the top-level customer_id of the order item.
                        Map.of("IndexName", "orders-by-customer",
                                "KeySchema", List.of(Map.of("AttributeName", "customer_id", "KeyType", "HASH"), Map.of("AttributeName", "created_at", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "KEYS_ONLY")))));
        assertEquals(List.of("orders-by-customer", "customer_id"), List.of(Tables.Orders.CUSTOMER_INDEX, Tables.Orders.CUSTOMER_ID));
        assertEquals("orders-by-deadline", Tables.Orders.DEADLINE_INDEX);
        assertEquals(List.of("deadline_shard", "deadline_at"), List.of(Tables.Orders.DEADLINE_INDEX_PARTITION_KEY, Tables.Orders.DEADLINE_AT));
        data.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", "serverless-orch-test-orders",
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "deadline_shard", "AttributeType", "S"),
                        Map.of("AttributeName", "deadline_at", "AttributeType", "S")))));
        data.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "serverless-orch-test-catalog",
                "KeySchema", List.of(Map.of("AttributeName", Tables.Catalog.PARTITION_KEY, "KeyType", "HASH"))));
    }

    @Test
    void devDataIsDestroyedWithTheStackAndProdDataIsKept() {
        data.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
        App app = new App();
        DataStack prod = new DataStack(app, "prod-data", null, new StageSettings("prod", true, "IAM", null));
        Template.fromStack(prod).allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        Template.fromStack(prod).allResourcesProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", true));
        data.allResourcesProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", false));
    }

    @Test
    void prodDeadLettersAndTheWebhookSecretOutliveTheStack() {
        application.allResources("AWS::SQS::Queue", Map.of("DeletionPolicy", "Delete"));
        application.allResources("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Delete"));
        App app = new App();
        ServerlessOrchApp.Stacks prod = ServerlessOrchApp.build(app, new StageSettings("prod", true, "IAM", null), LAMBDA_JAR, DASHBOARD);
        Template prodApplication = Template.fromStack(prod.application());
        prodApplication.resourceCountIs("AWS::SQS::Queue", 2);
        prodApplication.allResources("AWS::SQS::Queue", Map.of("DeletionPolicy", "Retain"));
        prodApplication.resourceCountIs("AWS::SecretsManager::Secret", 1);
        prodApplication.allResources("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Retain"));
    }

    // ---- functions

    @Test
    void theFunctionsTimeoutsAndTheProcessorsRetriesAreTheRetryBudgets() {
        RetryBudget budget = RetryBudget.DEFAULT;
        application.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "serverless-orch-test-stream-processor",
                "Timeout", (int) budget.processor().timeout().toSeconds(),
                "Environment", Map.of("Variables", Match.objectLike(new TreeMap<>(Map.of(
                        "ORCH_PIPELINE_STEP_ATTEMPTS", Integer.toString(budget.steps().tries()),
                        "ORCH_PIPELINE_FIRST_BACKOFF", budget.steps().backoff().first().toMillis() + "ms",
                        "ORCH_PIPELINE_MAX_BACKOFF", budget.steps().backoff().max().toMillis() + "ms",
                        "ORCH_PIPELINE_STEP_TIMEOUT", budget.steps().timeout().toSeconds() + "s",
                        "ORCH_PIPELINE_PROCESSOR_TIMEOUT", budget.processor().timeout().toSeconds() + "s"))))));
        for (Step step : Step.values()) {
            application.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "serverless-orch-test-" + step.id(), "Timeout", (int) budget.steps().timeout().toSeconds()));
        }
        // What the stack deploys is the budget the processor checks itself against.
        assertEquals(TimeBudget.DEFAULT.retryBudget(), budget);
    }

    @Test
    void theApiTheProcessorAFunctionPerStepAndTheSweepAllJava21WithSnapStartJsonLogsAndTracing() {
        int functions = 3 + Step.values().length;
        application.resourceCountIs("AWS::Lambda::Function", functions);
        application.allResourcesProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON")),
                "TracingConfig", Map.of("Mode", "Active")));
        application.resourceCountIs("AWS::Lambda::Alias", functions);
        application.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", ApplicationStack.ALIAS));
        application.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void everyHandlerNamedInTheStacksIsInTheDeploymentJar() throws Exception {
        List<String> handlers = new ArrayList<>();
        application.findResources("AWS::Lambda::Function").values().forEach(resource ->
                handlers.add((String) ((Map<?, ?>) ((Map<?, ?>) resource).get("Properties")).get("Handler")));
        assertEquals(3 + Step.values().length, handlers.size());
        try (JarFile jar = new JarFile(LAMBDA_JAR.toFile())) {
            for (String handler : handlers) {
                String className = handler.split("::")[0];
                assertNotNull(jar.getEntry(className.replace('.', '/') + ".class"), className + " is not in the jar");
            }
            assertTrue(jar.stream().noneMatch(entry -> entry.getName().startsWith("com/amazonaws/services/dynamodbv2/local/")),
                    "DynamoDB Local is not deployed");
            assertTrue(jar.stream().noneMatch(entry -> entry.getName().startsWith("io/serverlessorch/local/")), "the local run is not deployed");
        }
    }

    @Test
    void everyStepHasAFunctionRunningItWhoseAliasTheProcessorKnowsAndMayInvoke() {
        String processorGrants = grantedTo("StreamProcessorServiceRole.*");
        for (Step step : Step.values()) {
            String name = step.id();
            application.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "serverless-orch-test-" + name,
                    "Handler", StepHandler.class.getName(),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("ORCH_STEP", name)))));
            Capture alias = new Capture();
            application.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "serverless-orch-test-stream-processor",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("ORCH_STEPS_FUNCTIONS_" + step.name(), alias)))));
            String aliasId = id(name) + "Alias";
            assertTrue(alias.asObject().toString().contains(aliasId), step + " is called on its alias: " + alias.asObject());
            assertTrue(processorGrants.contains(aliasId), "the processor may invoke " + step + ": " + processorGrants);
        }
    }

    // ---- stream wiring

    @Test
    void theStreamMappingOnlyPassesOrderChangesAndRetriesAsTheRetryBudgetSaysIntoADeadLetterQueue() {
        RetryBudget.Stream stream = RetryBudget.DEFAULT.stream();
        Capture filter = new Capture();
        application.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", stream.batchSize(),
                "BisectBatchOnFunctionError", stream.bisectOnError(),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRetryAttempts", stream.retries(),
                "MaximumRecordAgeInSeconds", (int) stream.maxRecordAge().toSeconds(),
                "StartingPosition", "TRIM_HORIZON",
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.anyValue())),
                "FilterCriteria", Map.of("Filters", List.of(Map.of("Pattern", filter)))));
        String pattern = filter.asString();
        assertTrue(pattern.contains("\"eventName\":[\"INSERT\",\"MODIFY\"]"), pattern);
        assertTrue(pattern.contains("\"Keys\":{\"sk\":{\"S\":[\"ORDER\"]}}"), pattern);
        application.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 1209600, "SqsManagedSseEnabled", true));
    }

    // ---- API

    @Test
    void theApiIsSignedThrottledAndLogged() {
        // Every route but the payment provider's webhook is signed.
        Map<String, Map<String, Object>> methods = application.findResources("AWS::ApiGateway::Method");
        assertEquals(7, methods.size(), methods.keySet().toString());
        methods.forEach((id, method) -> assertEquals(id.startsWith("ApipaymentswebhookPOST") ? "NONE" : "AWS_IAM",
                ((Map<?, ?>) method.get("Properties")).get("AuthorizationType"), id));
        application.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "test",
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
                "MethodSettings", List.of(Match.objectLike(Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)))));
        application.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of("ValidateRequestBody", true));
        application.hasResourceProperties("AWS::ApiGateway::Model", Map.of("Schema",
                Match.objectLike(Map.of("properties", Match.objectLike(Map.of("items", Match.objectLike(Map.of("maxItems", 50))))))));
        application.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                "ResponseType", "BAD_REQUEST_BODY",
                "StatusCode", "400",
                "ResponseParameters", Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'"),
                // Plain substitution only: messageString arrives quoted and escaped.
                "ResponseTemplates", Map.of("application/json",
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":$context.error.messageString}")));
        for (String fallback : List.of("DEFAULT_4XX", "DEFAULT_5XX")) {
            application.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                    "ResponseType", fallback,
                    "ResponseParameters", Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'"),
                    "ResponseTemplates", Map.of("application/json", "{\"type\":\"about:blank\",\"detail\":$context.error.messageString}")));
        }
        Set<String> wholeProblems = new java.util.TreeSet<>();
        for (Object template : application.findResources("AWS::ApiGateway::GatewayResponse").values()) {
            assertFalse(template.toString().contains("$util"), "no $util in a gateway response: " + template);
            Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) template).get("Properties");
            String type = (String) properties.get("ResponseType");
            if (!type.startsWith("DEFAULT_")) {
                // A whole problem, as the document's Problem requires: its title and its own status in the body.
                String body = (String) ((Map<?, ?>) properties.get("ResponseTemplates")).get("application/json");
                assertTrue(body.contains("\"title\":\"") && body.contains("\"status\":" + properties.get("StatusCode") + ","), type + ": " + body);
                wholeProblems.add(type);
            }
        }
        // The refusals a client meets most: a bad signature, an expired one, the web ACL's block, an unknown path.
        assertTrue(wholeProblems.containsAll(Set.of("INVALID_SIGNATURE", "EXPIRED_TOKEN", "WAF_FILTERED", "RESOURCE_NOT_FOUND",
                "INTEGRATION_TIMEOUT", "THROTTLED")), wholeProblems::toString);
        application.hasOutput("ApiUrl", Match.anyValue());
    }

    @Test
    void theAccessLogSaysHowLongEachRequestTookAndWhyTheIntegrationFailed() throws Exception {
        Capture format = new Capture();
        application.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "AccessLogSetting", Match.objectLike(Map.of("Format", format))));
        Map<?, ?> fields = new com.fasterxml.jackson.databind.ObjectMapper().readValue(format.asString(), Map.class);
        for (String field : List.of("requestId", "status", "responseLatency", "integrationLatency", "integrationStatus",
                "integrationError", "errorType", "errorMessage")) {
            assertTrue(fields.containsKey(field), "the access log has " + field + ": " + fields.keySet());
        }
    }

    @Test
    void theGatewaysExecutionLogExpiresAndIsMadeBeforeTheStageWritesIt() {
        Capture name = new Capture();
        application.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", Map.of("Fn::Join", List.of("", List.of("API-Gateway-Execution-Logs_", Map.of("Ref", name), "/test"))),
                "RetentionInDays", 14));
        String executionLogs = application.findResources("AWS::Logs::LogGroup").entrySet().stream()
                .filter(entry -> entry.getValue().toString().contains("API-Gateway-Execution-Logs_"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        application.hasResource("AWS::ApiGateway::Stage", Map.of("DependsOn", Match.arrayWith(List.of(executionLogs))));
        assertTrue(name.asString().startsWith("Api"), name.asString());
    }

    @Test
    void theApiCanBeOpenedWithTheDocumentedSwitch() {
        App app = new App();
        ServerlessOrchApp.Stacks open = ServerlessOrchApp.build(app, new StageSettings("open", false, "NONE", null), LAMBDA_JAR, DASHBOARD);
        Template opened = Template.fromStack(open.application());
        opened.allResourcesProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "NONE"));
        // An open API gets a web ACL in front: AWS's common rules and a rate limit per client.
        opened.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "REGIONAL", "Rules", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Name", "rate-per-client", "Statement", Map.of("RateBasedStatement",
                        Map.of("Limit", 1000, "AggregateKeyType", "IP"))))))));
        opened.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
        // Opened, every route is inspected: no rule is scoped down to one path.
        assertFalse(opened.findResources("AWS::WAFv2::WebACL").toString().contains("ScopeDownStatement"));
    }

    // ---- cancel and the payment webhook

    @Test
    void cancelIsSignedAndItsOptionalBodyIsBoundedLikeAnOrders() {
        Map<String, Map<String, Object>> cancel = application.findResources("AWS::ApiGateway::Method", Map.of("Properties", Map.of(
                "HttpMethod", "POST", "ResourceId", Map.of("Ref", Match.stringLikeRegexp("Apiorders.*cancel.*")))));
        assertEquals(1, cancel.size(), cancel.toString());
        Map<?, ?> properties = (Map<?, ?>) cancel.values().iterator().next().get("Properties");
        assertEquals("AWS_IAM", properties.get("AuthorizationType"));
        assertEquals(Map.of("Ref", application.findResources("AWS::ApiGateway::RequestValidator").keySet().iterator().next()),
                properties.get("RequestValidatorId"), "the validator the order POST uses");
        assertTrue(String.valueOf(properties.get("RequestModels")).contains("CancelModel"), String.valueOf(properties.get("RequestModels")));
        application.hasResourceProperties("AWS::ApiGateway::Model", Map.of("Name", "CancelOrderRequest", "Schema", Match.objectLike(Map.of(
                "type", "object", "maxProperties", 1,
                "properties", Map.of("reason", Map.of("type", "string", "maxLength", io.serverlessorch.api.ApiLimits.MAX_CANCEL_REASON))))));
    }

    @Test
    void theWebhookIsOpenAndItsReasonSaysItsSignatureIsItsKeyInEveryStage() {
        for (StageSettings stage : List.of(new StageSettings("test", false, "IAM", null), new StageSettings("open", false, "NONE", null))) {
            Template template = stage.stage().equals("test") ? application
                    : Template.fromStack(ServerlessOrchApp.build(new App(), stage, LAMBDA_JAR, DASHBOARD).application());
            Map<String, Map<String, Object>> webhook = template.findResources("AWS::ApiGateway::Method", Map.of("Properties", Map.of(
                    "HttpMethod", "POST", "AuthorizationType", "NONE",
                    "ResourceId", Map.of("Ref", Match.stringLikeRegexp("Apipaymentswebhook.*")))));
            assertEquals(1, webhook.size(), stage + ": " + webhook.keySet());
            for (String rule : List.of("AwsSolutions-APIG4", "AwsSolutions-COG4")) {
                String reason = nagReason(webhook.values().iterator().next(), rule);
                for (String said : List.of("SigV4", "HMAC", "Payment-Signature", "before it reads the body", "WebhookRefusals",
                        "webhook-bad-signatures", "web ACL")) {
                    assertTrue(reason.contains(said), stage.stage() + " " + rule + " says " + said + ": " + reason);
                }
            }
        }
        application.hasOutput("PaymentWebhookUrl", Map.of("Value", Match.objectLike(Map.of(
                "Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("/payments/webhook"))))))));
    }

    @Test
    void theWebAclGuardsTheWebhookInASignedStageAndOnlyIt() {
        application.resourceCountIs("AWS::WAFv2::WebACL", 1);
        application.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "ResourceArn", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                        Map.of("Ref", Match.stringLikeRegexp("ApiDeploymentStage.*"))))))))));
        Map<String, Object> webhookOnly = Map.of("ByteMatchStatement", Match.objectLike(Map.of(
                "FieldToMatch", Map.of("UriPath", Map.of()), "PositionalConstraint", "ENDS_WITH", "SearchString", "/payments/webhook")));
        application.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "REGIONAL", "Rules", List.of(
                Match.objectLike(Map.of("Name", "common", "Statement", Map.of("ManagedRuleGroupStatement", Match.objectLike(Map.of(
                        "Name", "AWSManagedRulesCommonRuleSet", "ScopeDownStatement", webhookOnly))))),
                Match.objectLike(Map.of("Name", "rate-per-client", "Statement", Map.of("RateBasedStatement", Map.of(
                        "Limit", 1000, "AggregateKeyType", "IP", "ScopeDownStatement", webhookOnly)))))));
    }

    @Test
    void theWebhookSecretIsAGeneratedPlaceholderOnlyTheApiMayRead() {
        Map<String, Map<String, Object>> secrets = application.findResources("AWS::SecretsManager::Secret");
        assertEquals(1, secrets.size());
        String secretId = secrets.keySet().iterator().next();
        Map<?, ?> secret = (Map<?, ?>) secrets.get(secretId).get("Properties");
        assertEquals("serverless-orch-test-payment-webhook-secret", secret.get("Name"));
        assertNotNull(secret.get("GenerateSecretString"), "a random placeholder, generated by Secrets Manager");
        assertFalse(secret.containsKey("SecretString"), "no value in the template: " + secret);
        // Rotation is putting the provider's new value; the reason says so and how soon the function takes it.
        String rotation = nagReason(secrets.get(secretId), "AwsSolutions-SMG4");
        for (String said : List.of("provider issues", "put-secret-value", "every 5 minutes", "at most once a minute")) {
            assertTrue(rotation.contains(said), "the SMG4 reason says " + said + ": " + rotation);
        }
        application.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "serverless-orch-test-order-api",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("ORCH_PAYMENT_WEBHOOK_SECRET_ARN", Map.of("Ref", secretId))))));
        application.hasOutput("PaymentWebhookSecretArn", Map.of("Value", Map.of("Ref", secretId)));
        for (Map.Entry<String, Map<String, Object>> policy : application.findResources("AWS::IAM::Policy").entrySet()) {
            String granted = policy.getValue().toString();
            boolean api = policy.getKey().startsWith("OrderApiServiceRole");
            assertEquals(api, granted.contains("secretsmanager:"), policy.getKey() + ": " + granted);
            if (api) {
                assertTrue(grantedTo("OrderApiServiceRole.*").contains("{Action=secretsmanager:GetSecretValue, Effect=Allow, Resource={Ref="
                        + secretId + "}}"), granted);
            }
        }
    }

    // ---- the deadline sweep

    @Test
    void theDeadlineSweepRunsEveryMinuteFromTheJarWithItsOwnRole() {
        application.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "serverless-orch-test-payment-deadlines",
                "Handler", io.serverlessorch.handlers.PaymentDeadlineHandler.class.getName(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "ORCH_TABLES_ORDERS", Match.anyValue(), "ORCH_TABLES_CATALOG", Match.anyValue())))));
        Capture statements = new Capture();
        application.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("PaymentDeadlinesServiceRole.*"))),
                "PolicyDocument", Map.of("Statement", statements)));
        Set<String> actions = new TreeSet<>();
        for (Object statement : statements.asArray()) {
            Map<?, ?> s = (Map<?, ?>) statement;
            (s.get("Action") instanceof List<?> list ? list : List.of(s.get("Action"))).forEach(action -> actions.add(action.toString()));
            if (s.get("Action").equals("dynamodb:Query")) {
                assertTrue(s.get("Resource").toString().contains("/index/" + Tables.Orders.DEADLINE_INDEX), "only the deadline index: " + s);
            }
            if (s.get("Action").equals("dynamodb:UpdateItem")) {
                assertTrue(s.get("Resource").toString().contains("OrdersA9B65338Arn") && !s.get("Resource").toString().contains("/index/"), s.toString());
            }
            if (s.get("Action").toString().contains("sqs:")) {
                assertTrue(s.get("Resource").toString().contains("DeadlineSweepDeadLetters"), "only its own dead-letter queue: " + s);
            }
        }
        // The queue actions are CDK's grant for an on-failure destination.
        assertEquals(new TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                "dynamodb:Query", "dynamodb:UpdateItem", "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl")), actions,
                "the sweep's role allows only what it does");
    }

    @Test
    void theScheduleInvokesTheSweepsAliasWithRetriesAndADeadLetterQueue() {
        Capture target = new Capture();
        application.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", "serverless-orch-test-deadline-sweep",
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED",
                "Targets", List.of(target)));
        Map<?, ?> to = (Map<?, ?>) target.asObject();
        assertEquals(Map.of("Ref", application.findResources("AWS::Lambda::Alias", Map.of("Properties", Map.of(
                "FunctionName", Map.of("Ref", Match.stringLikeRegexp("PaymentDeadlines.*"))))).keySet().iterator().next()), to.get("Arn"),
                "the live alias, whose version SnapStart restores");
        assertEquals(Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 60), to.get("RetryPolicy"));
        // Lambda's own tries of a sweep that failed, on the alias the schedule invokes.
        application.resourceCountIs("AWS::Lambda::EventInvokeConfig", 1);
        application.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", Map.of("Ref", Match.stringLikeRegexp("PaymentDeadlines[0-9A-F]+")),
                "Qualifier", Map.of("Fn::Select", Match.arrayWith(List.of(Map.of("Fn::Split", List.of(":",
                        Map.of("Ref", Match.stringLikeRegexp("PaymentDeadlinesAlias.*"))))))),
                "MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 300,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("DeadlineSweepDeadLetters.*"), "Arn"))))));
        assertTrue(String.valueOf(to.get("DeadLetterConfig")).contains("DeadlineSweepDeadLetters"), String.valueOf(to.get("DeadLetterConfig")));
        application.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", Match.stringLikeRegexp("PaymentDeadlinesAlias.*")),
                "SourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("DeadlineSweepSchedule.*"), "Arn"))));
        application.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "serverless-orch-test-deadline-sweep-dead-letters",
                "MessageRetentionPeriod", 1209600, "SqsManagedSseEnabled", true));
        // EventBridge may send what it could not deliver, and only from this rule.
        application.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", Match.stringLikeRegexp("DeadlineSweepDeadLetters.*"))),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Action", "sqs:SendMessage", "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("DeadlineSweepSchedule.*"), "Arn"))))))))))));
    }

    // ---- least privilege

    @Test
    void noRoleAllowsAWildcardActionOrAWildcardResourceThatCouldBeNamed() {
        // Actions that only exist account-wide: they cannot be scoped to a resource.
        Set<String> accountWide = Set.copyOf(ApplicationStack.ACCOUNT_WIDE_ACTIONS);
        int statements = 0;
        for (Template template : List.of(data, application, monitoring)) {
            for (Object policy : template.findResources("AWS::IAM::Policy").values()) {
                Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) policy).get("Properties")).get("PolicyDocument");
                for (Object statement : (List<?>) document.get("Statement")) {
                    Map<?, ?> s = (Map<?, ?>) statement;
                    List<?> actions = s.get("Action") instanceof List<?> list ? list : List.of(s.get("Action"));
                    List<?> resources = s.get("Resource") instanceof List<?> list ? list : List.of(s.get("Resource"));
                    for (Object action : actions) {
                        assertFalse(action.toString().contains("*"), "wildcard action " + action + " in " + s);
                        if (resources.contains("*")) {
                            assertTrue(accountWide.contains(action.toString()), action + " on * could name its resource: " + s);
                        }
                    }
                    statements++;
                }
            }
        }
        assertTrue(statements > 10, "the roles have their statements");
    }

    @Test
    void theReasonForEachWildcardResourceNamesEveryActionGrantedOnIt() {
        for (Map<String, Object> policy : application.findResources("AWS::IAM::Policy").values()) {
            List<String> onAnything = new ArrayList<>();
            Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) policy.get("Properties")).get("PolicyDocument");
            for (Object statement : (List<?>) document.get("Statement")) {
                Map<?, ?> s = (Map<?, ?>) statement;
                if ("*".equals(s.get("Resource"))) {
                    (s.get("Action") instanceof List<?> list ? list : List.of(s.get("Action"))).forEach(action -> onAnything.add(action.toString()));
                }
            }
            if (onAnything.isEmpty()) {
                continue;
            }
            String reason = nagReason(policy, "AwsSolutions-IAM5");
            for (String action : onAnything) {
                assertTrue(reason.contains(action), "the IAM5 reason names " + action + ": " + reason);
            }
        }
    }

    @Test
    void eachFunctionWritesOnlyItsOwnLogGroupAndNoRoleCarriesAwsBasicExecutionPolicy() {
        for (Map<String, Object> role : application.findResources("AWS::IAM::Role").values()) {
            Object managed = ((Map<?, ?>) role.get("Properties")).get("ManagedPolicyArns");
            assertFalse(String.valueOf(managed).contains("AWSLambdaBasicExecutionRole"), "a role with logs:* on *: " + role);
        }
        for (String function : MonitoredNames.FUNCTIONS) {
            String granted = grantedTo(id(function) + "ServiceRole.*");
            assertTrue(granted.contains("logs:PutLogEvents"), function + ": " + granted);
            assertTrue(granted.contains(id(function) + "Logs"), function + " writes its own log group: " + granted);
            assertFalse(granted.contains("logs:CreateLogGroup"), function + ": " + granted);
        }
    }

    @Test
    void theApiFunctionMayReadPlaceAndMoveOrdersButNotDeleteThem() {
        Capture statements = new Capture();
        application.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("OrderApiServiceRole.*"))),
                "PolicyDocument", Map.of("Statement", statements)));
        Set<String> onTheTable = new TreeSet<>();
        for (Object statement : statements.asArray()) {
            Map<?, ?> s = (Map<?, ?>) statement;
            if (s.get("Resource").toString().contains("OrdersA9B65338Arn") && !s.get("Resource").toString().contains("/index/")) {
                (s.get("Action") instanceof List<?> list ? list : List.of(s.get("Action"))).forEach(action -> onTheTable.add(action.toString()));
            }
        }
        // Place (put), read (get, query, the catalog's batch get), cancel and the webhook (update); a webhook for a
        // cancelled order's transaction is an update and a put, which IAM checks one by one.
        assertEquals(new TreeSet<>(List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query",
                "dynamodb:BatchGetItem")), onTheTable);
        String granted = statements.asArray().toString();
        assertFalse(granted.contains("dynamodb:DeleteItem") || granted.contains("lambda:") || granted.contains(Tables.Orders.DEADLINE_INDEX), granted);
        // The listings: all, by status, and one customer's.
        for (String index : List.of(Tables.Orders.STATUS_INDEX, Tables.Orders.CREATION_INDEX, Tables.Orders.CUSTOMER_INDEX)) {
            assertTrue(granted.contains("/index/" + index), index + ": " + granted);
        }
    }

    @Test
    void theStockStepsMayReadTheBucketsAnOrderHoldsAndEachProductsBucketCount() {
        for (String role : List.of("InventoryServiceRole.*", "FulfillmentServiceRole.*")) {
            String granted = grantedTo(role);
            assertTrue(granted.contains("dynamodb:GetItem") && granted.contains("dynamodb:UpdateItem"), role + ": " + granted);
            assertEquals(role.startsWith("Inventory"), granted.contains("dynamodb:BatchGetItem"), role + ": " + granted);
        }
    }

    @Test
    void theNotificationStepMayCompleteAnOrderAndPutMessagesButNotDeleteOrReadOthers() {
        String granted = grantedTo("NotificationServiceRole.*");
        assertTrue(granted.contains("dynamodb:UpdateItem") && granted.contains("dynamodb:PutItem"), granted);
        assertFalse(granted.contains("dynamodb:DeleteItem") || granted.contains("dynamodb:Query") || granted.contains("dynamodb:GetItem"), granted);
    }

    @Test
    void everyFunctionWritesJsonLogsAtInfo() {
        Map<String, Map<String, Object>> functions = application.findResources("AWS::Lambda::Function");
        assertEquals(3 + Step.values().length, functions.size());
        functions.forEach((id, function) -> {
            Map<?, ?> logging = (Map<?, ?>) ((Map<?, ?>) function.get("Properties")).get("LoggingConfig");
            assertNotNull(logging, id + " has no LoggingConfig");
            assertEquals("JSON", logging.get("LogFormat"), id);
            assertEquals("INFO", logging.get("ApplicationLogLevel"), id);
        });
    }

    @Test
    void everyFunctionTheColdStartWidgetReadsWritesThePlatformReportLines() {
        Capture body = new Capture();
        monitoring.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardBody", body));
        Matcher source = Pattern.compile("SOURCE '/aws/lambda/serverless-orch-test-([a-z-]+)'").matcher(body.asObject().toString());
        Set<String> read = new TreeSet<>();
        while (source.find()) {
            read.add(source.group(1));
        }
        assertEquals(new TreeSet<>(MonitoredNames.FUNCTIONS), read, "the widget reads every function's log group");
        Map<String, String> levels = new TreeMap<>();
        application.findResources("AWS::Lambda::Function").values().forEach(function -> {
            Map<?, ?> properties = (Map<?, ?>) function.get("Properties");
            Map<?, ?> logging = (Map<?, ?>) properties.get("LoggingConfig");
            levels.put(properties.get("FunctionName").toString().replace("serverless-orch-test-", ""), String.valueOf(logging.get("SystemLogLevel")));
        });
        for (String function : read) {
            // WARN drops platform.start and platform.report: the widget would show nothing for the function.
            assertTrue(Set.of("INFO", "DEBUG").contains(levels.get(function)), function + " logs its platform reports: " + levels);
        }
    }

    // ---- monitoring

    @Test
    void everyAlarmNotifiesTheTopic() {
        List<String> expected = new ArrayList<>();
        List<String> functions = new ArrayList<>(List.of("order-api", "stream-processor"));
        for (Step step : Step.values()) {
            functions.add(step.id());
        }
        functions.add("payment-deadlines");
        for (String function : functions) {
            expected.add(function + "-errors");
            expected.add(function + "-throttles");
        }
        expected.addAll(List.of("stream-iterator-age", "stream-consumer-stalled", "dead-letters", "dead-letter-age", "unreadable-orders", "api-5xx-rate", "api-p99-latency",
                "orders-table-throttles", "catalog-table-throttles", "failed-orders-rate", "deadline-sweep-stopped", "deadline-sweep-dead-letters",
                "payment-deadlines-overdue", "webhook-bad-signatures"));
        monitoring.resourceCountIs("AWS::CloudWatch::Alarm", expected.size());
        for (String name : expected) {
            monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "serverless-orch-test-" + name,
                    "AlarmActions", List.of(Match.anyValue()), "OKActions", List.of(Match.anyValue())));
        }
        monitoring.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
        // The topic refuses publishing without TLS.
        monitoring.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void everyTopicAnAlarmNotifiesLetsThisAccountsCloudWatchPublish() {
        Set<String> topics = new TreeSet<>();
        for (Map<String, Object> alarm : monitoring.findResources("AWS::CloudWatch::Alarm").values()) {
            Map<?, ?> properties = (Map<?, ?>) alarm.get("Properties");
            for (String actions : List.of("AlarmActions", "OKActions")) {
                for (Object action : (List<?>) properties.get(actions)) {
                    topics.add(String.valueOf(((Map<?, ?>) action).get("Ref")));
                }
            }
        }
        assertFalse(topics.isEmpty());
        for (String topic : topics) {
            // A topic policy replaces SNS's default one: without this Allow, every alarm action fails.
            monitoring.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                    "Topics", List.of(Map.of("Ref", topic)),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Allow",
                            "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                            "Action", "sns:Publish",
                            "Condition", Match.objectLike(Map.of(
                                    "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))))))));
        }
    }

    @Test
    void everyStreamConsumerHasAnAlarmThatHearsItsSilenceWhileOrdersArrive() {
        Set<String> consumers = new TreeSet<>();
        for (Map<String, Object> mapping : application.findResources("AWS::Lambda::EventSourceMapping").values()) {
            consumers.add(((Map<?, ?>) mapping.get("Properties")).get("FunctionName").toString());
        }
        assertEquals(1, consumers.size(), consumers.toString());
        Capture metrics = new Capture();
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-stream-consumer-stalled",
                "TreatMissingData", "notBreaching",
                "Metrics", metrics));
        String watched = metrics.asArray().toString();
        assertTrue(watched.contains("OrdersPlaced") && watched.contains("Invocations") && watched.contains("FILL("), watched);
        // The processor's Invocations, by its deployed name.
        assertTrue(watched.contains("FunctionName") && watched.contains("StreamProcessor"), watched);
    }

    @Test
    void aSweepThatStoppedPagesAfterFiveSilentMinutesAndIsTheOnlyAlarmWhoseSilenceBreaches() {
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-deadline-sweep-stopped",
                "Namespace", "ServerlessOrch", "MetricName", "DeadlineSweeps", "Statistic", "Sum", "Period", 60,
                "ComparisonOperator", "LessThanThreshold", "Threshold", 1,
                "DatapointsToAlarm", 5, "EvaluationPeriods", 5, "TreatMissingData", "breaching"));
        Map<String, Map<String, Object>> breachingOnSilence = monitoring.findResources("AWS::CloudWatch::Alarm",
                Map.of("Properties", Map.of("TreatMissingData", "breaching")));
        assertEquals(1, breachingOnSilence.size(), breachingOnSilence.keySet().toString());
    }

    @Test
    void ordersFoundLateAndBurstsOfBadSignaturesPage() {
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-payment-deadlines-overdue",
                "Namespace", "ServerlessOrch", "MetricName", "PaymentDeadlineLateness", "Statistic", "Maximum", "Period", 300,
                "ComparisonOperator", "GreaterThanThreshold", "Threshold", 300_000,
                "DatapointsToAlarm", 1, "EvaluationPeriods", 1, "TreatMissingData", "notBreaching"));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-webhook-bad-signatures",
                "Namespace", "ServerlessOrch", "MetricName", "WebhookRefusals", "Statistic", "Sum", "Period", 300,
                "Dimensions", List.of(Map.of("Name", "Reason", "Value", "signature")),
                "ComparisonOperator", "GreaterThanThreshold", "Threshold", 20,
                "DatapointsToAlarm", 1, "EvaluationPeriods", 1));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-deadline-sweep-dead-letters",
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*DeadlineSweepDeadLetters.*"))))));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-payment-deadlines-errors", "MetricName", "Errors", "Threshold", 1,
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*PaymentDeadlines.*"))))));
        // Each of them tells the person paged what to do.
        Map<String, String> todo = new TreeMap<>(Map.of(
                "deadline-sweep-stopped", "is ENABLED",
                "deadline-sweep-dead-letters", "purge the queue",
                "payment-deadlines-overdue", "check",
                "webhook-bad-signatures", "put-secret-value",
                "payment-deadlines-errors", "/aws/lambda/serverless-orch-test-payment-deadlines"));
        todo.forEach((alarm, said) -> {
            Capture description = new Capture();
            monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "serverless-orch-test-" + alarm, "AlarmDescription", description));
            assertTrue(description.asString().contains(said), alarm + " says " + said + ": " + description.asString());
        });
    }

    @Test
    void aDeadLetterPagesWellBeforeTheStreamForgetsItsRecords() {
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "serverless-orch-test-dead-letter-age",
                "MetricName", "ApproximateAgeOfOldestMessage",
                "Namespace", "AWS/SQS",
                "Threshold", 12 * 3600,
                "DatapointsToAlarm", 1));
    }

    @Test
    void theWatchedNamesAreTheDeployedOnes() {
        // The alarms and the local dashboard name resources through MonitoredNames: they must be the stack's.
        MonitoredNames names = new MonitoredNames("serverless-orch-test", "test");
        App app = new App();
        ServerlessOrchApp.Stacks stacks = ServerlessOrchApp.build(app, new StageSettings("test", false, "IAM", null), LAMBDA_JAR, DASHBOARD);
        assertEquals(new java.util.TreeSet<>(MonitoredNames.FUNCTIONS), new java.util.TreeSet<>(stacks.application().functions().keySet()));
        for (String function : MonitoredNames.FUNCTIONS) {
            application.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", names.function(function)));
        }
        application.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("Name", names.api()));
        application.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", names.deadLetterQueue()));
        application.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", names.deadlineSweepDeadLetterQueue()));
        application.hasResourceProperties("AWS::Events::Rule", Map.of("Name", names.deadlineSweepSchedule()));
        application.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", names.paymentWebhookSecret()));
        data.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", names.ordersTable()));
        data.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", names.catalogTable()));
    }

    @Test
    void noAlarmUsesSearchWhichAlarmsDoNotAccept() {
        String alarms = monitoring.findResources("AWS::CloudWatch::Alarm").toString();
        assertFalse(alarms.contains("SEARCH"), alarms);
    }

    @Test
    void retriedWorkAlarmsOnARunOfErrorsAndAQuietStreamIsNotBehind() {
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "serverless-orch-test-payment-errors",
                "Threshold", 5, "DatapointsToAlarm", 2, "EvaluationPeriods", 3, "TreatMissingData", "notBreaching"));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "serverless-orch-test-dead-letters",
                "Threshold", 1, "DatapointsToAlarm", 1, "EvaluationPeriods", 1));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "serverless-orch-test-stream-iterator-age",
                "DatapointsToAlarm", 5, "EvaluationPeriods", 5, "TreatMissingData", "notBreaching"));
    }

    @Test
    void twoStagesSideBySideShareNoName() {
        App app = new App();
        ServerlessOrchApp.Stacks dev = ServerlessOrchApp.build(app, new StageSettings("dev", false, "IAM", null), LAMBDA_JAR, DASHBOARD);
        ServerlessOrchApp.Stacks prod = ServerlessOrchApp.build(app, new StageSettings("prod", true, "IAM", null), LAMBDA_JAR, DASHBOARD);
        Set<String> devNames = physicalNames(dev);
        Set<String> prodNames = physicalNames(prod);
        assertTrue(devNames.containsAll(List.of("serverless-orch-dev-orders", "serverless-orch-dev-stream-processor",
                "serverless-orch-dev-dead-letters", "serverless-orch-dev-alarms", "serverless-orch-dev-api")), devNames.toString());
        Set<String> shared = new TreeSet<>(devNames);
        shared.retainAll(prodNames);
        assertTrue(shared.isEmpty(), "names in both stages: " + shared);
    }

    /**
     * Every account-wide name a stage's stacks give: tables, functions, queues, topics, alarms, the API, the
     * dashboard, log groups. (Names scoped inside another resource, such as an alias, may repeat.)
     */
    private static Set<String> physicalNames(ServerlessOrchApp.Stacks stacks) {
        Set<String> names = new TreeSet<>();
        Pattern nameProperty = Pattern.compile(
                "(?<=[{ ])(TableName|FunctionName|QueueName|TopicName|AlarmName|DashboardName|LogGroupName|Name)=([^,}\\]]+)");
        for (var stack : List.of(stacks.data(), stacks.application(), stacks.monitoring())) {
            Matcher found = nameProperty.matcher(Template.fromStack(stack).toJSON().toString());
            while (found.find()) {
                if (found.group(2).contains("serverless-orch")) {
                    names.add(found.group(2));
                }
            }
        }
        return names;
    }

    @Test
    void theDashboardShowsEveryAreaWithTheStagesNames() {
        Capture body = new Capture();
        monitoring.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "serverless-orch-test-orders", "DashboardBody", body));
        String rendered = body.asObject().toString();
        for (String shown : List.of("Orders by status and reason", "End-to-end order latency", "Step latency p50", "Step latency p99",
                "Step errors", "Stream iterator age", "Dead-letter queue depth", "API requests, 4xx and 5xx", "API latency",
                "Lambda errors", "Lambda throttles", "Lambda duration", "Cold starts", "DynamoDB throttled requests",
                "DynamoDB consumed capacity", "serverless-orch-test-stream-processor", "serverless-orch-test-orders",
                "serverless-orch-test-stream-dead-letters", "serverless-orch-test-api", "Orders waiting for payment", "Cancellations by reason",
                "Deadline sweeps, deadlines passed and lateness", "Webhook refusals by reason", "Webhook events by outcome",
                "serverless-orch-test-deadline-sweep-dead-letters", "serverless-orch-test-payment-deadlines")) {
            assertTrue(rendered.contains(shown), "the dashboard shows " + shown);
        }
        assertFalse(rendered.contains("{{"), "every placeholder is filled");
        monitoring.hasOutput("DashboardUrl", Match.anyValue());
    }

    /** The reason given for accepting {@code rule} on a resource, from cdk-nag's metadata. */
    private static String nagReason(Map<String, Object> resource, String rule) {
        Map<?, ?> metadata = (Map<?, ?>) resource.get("Metadata");
        Map<?, ?> nag = metadata == null ? null : (Map<?, ?>) metadata.get("cdk_nag");
        assertNotNull(nag, "no cdk-nag suppression on " + resource);
        for (Object suppression : (List<?>) nag.get("rules_to_suppress")) {
            Map<?, ?> entry = (Map<?, ?>) suppression;
            if (rule.equals(entry.get("id"))) {
                return String.valueOf(entry.get("reason"));
            }
        }
        throw new AssertionError(rule + " is not suppressed on " + resource);
    }

    /** The construct id the stack gives a function's resources: {@code stream-processor} is {@code StreamProcessor}. */
    private static String id(String function) {
        StringBuilder id = new StringBuilder();
        for (String part : function.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    /** The statements of the policy on the role whose logical id matches {@code role}, as text. */
    private String grantedTo(String role) {
        Capture statements = new Capture();
        application.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp(role))),
                "PolicyDocument", Map.of("Statement", statements)));
        return statements.asArray().toString();
    }
}
