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
                                "Projection", Map.of("ProjectionType", "KEYS_ONLY")))));
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
    void prodDeadLettersOutliveTheStack() {
        application.hasResource("AWS::SQS::Queue", Map.of("DeletionPolicy", "Delete"));
        App app = new App();
        ServerlessOrchApp.Stacks prod = ServerlessOrchApp.build(app, new StageSettings("prod", true, "IAM", null), LAMBDA_JAR, DASHBOARD);
        Template.fromStack(prod.application()).hasResource("AWS::SQS::Queue", Map.of("DeletionPolicy", "Retain"));
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
    void theApiTheProcessorAndAFunctionPerStepAllJava21WithSnapStartJsonLogsAndTracing() {
        int functions = 2 + Step.values().length;
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
        assertEquals(2 + Step.values().length, handlers.size());
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
        application.allResourcesProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM"));
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
        for (Object template : application.findResources("AWS::ApiGateway::GatewayResponse").values()) {
            assertFalse(template.toString().contains("$util"), "no $util in a gateway response: " + template);
        }
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
        application.resourceCountIs("AWS::WAFv2::WebACL", 0);
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
    void theApiFunctionMayOnlyReadAndPlaceOrders() {
        String granted = grantedTo("OrderApiServiceRole.*");
        assertTrue(granted.contains("dynamodb:PutItem") && granted.contains("dynamodb:Query"), granted);
        assertFalse(granted.contains("dynamodb:DeleteItem") || granted.contains("dynamodb:UpdateItem") || granted.contains("lambda:"), granted);
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
        assertEquals(2 + Step.values().length, functions.size());
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
        for (String function : functions) {
            expected.add(function + "-errors");
            expected.add(function + "-throttles");
        }
        expected.addAll(List.of("stream-iterator-age", "stream-consumer-stalled", "dead-letters", "dead-letter-age", "unreadable-orders", "api-5xx-rate", "api-p99-latency",
                "orders-table-throttles", "catalog-table-throttles", "failed-orders-rate"));
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
                "serverless-orch-test-stream-dead-letters", "serverless-orch-test-api")) {
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
