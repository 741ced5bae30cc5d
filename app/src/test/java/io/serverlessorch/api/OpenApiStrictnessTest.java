package io.serverlessorch.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.payments.PaymentWebhooks;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated OpenAPI document says what the server enforces, no less: each schema's required fields and
 * strictness, enums and formats are checked against the classes the server reads and writes, so a change to
 * one that the document does not follow fails here.
 */
class OpenApiStrictnessTest {

    private static final String SCHEMAS = "#/components/schemas/";
    /** What every operation can answer, whatever it does (ApiDocumentation.SharedAnswers). */
    private static final List<String> EVERY_OPERATION_ANSWERS = List.of("400", "403", "405", "406", "413", "429", "503");

    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OpenApiStrictnessTest.class.getResourceAsStream("/META-INF/swagger/openapi.yml")) {
            assertNotNull(in, "the build generated no META-INF/swagger/openapi.yml");
            document = new YAMLMapper().readTree(in);
        }
    }

    @Test
    void everySchemaRequiresWhatItsClassAlwaysHasAndIsClosedWhereTheServerRefusesUnknownFields() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> schemas = document.at("/components/schemas").fields();
        int objects = 0;
        while (schemas.hasNext()) {
            Map.Entry<String, JsonNode> entry = schemas.next();
            JsonNode schema = entry.getValue();
            if (!"object".equals(schema.path("type").asText())) {
                continue;
            }
            objects++;
            Class<?> type = classOf(entry.getKey());
            assertTrue(type.isRecord(), type + " is a record");

            Set<String> expected = new TreeSet<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Field field = type.getDeclaredField(component.getName());
                Schema documented = field.getAnnotation(Schema.class);
                boolean required = component.getType().isPrimitive()
                        || field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class)
                        || field.isAnnotationPresent(NotEmpty.class)
                        || (documented != null && documented.requiredMode() == Schema.RequiredMode.REQUIRED);
                if (required) {
                    expected.add(snakeCase(component.getName()));
                }
            }
            assertEquals(expected, strings(schema.path("required")), entry.getKey() + "'s required fields");

            // A body read with ignoreUnknown = false refuses a field it does not know: the document closes it.
            JsonIgnoreProperties ignore = type.getAnnotation(JsonIgnoreProperties.class);
            boolean strict = ignore != null && !ignore.ignoreUnknown();
            assertEquals(strict, schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean(),
                    entry.getKey() + (strict ? " refuses unknown fields" : " is open"));
        }
        assertTrue(objects >= 15, "object schemas checked: " + objects);
        assertFalse(schema("PaymentEvent").has("additionalProperties"), "the webhook ignores fields the provider adds");
        for (String always : List.of("order_id", "status", "customer", "items", "total", "shipping_address", "payment", "created_at", "updated_at")) {
            assertTrue(strings(schema("Order").path("required")).contains(always), "an order always has " + always);
        }
        assertEquals(Set.of("status", "title", "type"), strings(schema("Problem").path("required")));
    }

    @Test
    void everyPatternIsAnchoredAsJakartaMatchesIt() {
        List<String> patterns = new ArrayList<>();
        walk(document, "", (path, node) -> {
            if (node.has("pattern") && node.get("pattern").isTextual()) {
                String pattern = node.get("pattern").asText();
                patterns.add(pattern);
                assertTrue(pattern.startsWith("^") && pattern.endsWith("$"), path + ": " + pattern + " is anchored");
            }
        });
        assertTrue(patterns.size() >= 8, "patterns checked: " + patterns);
        // Anchored, the document's pattern refuses what the server refuses: a three-letter country.
        String country = schema("Address").at("/properties/country/pattern").asText();
        assertFalse(java.util.regex.Pattern.compile(country).matcher("USA").find());
        assertTrue(java.util.regex.Pattern.compile(country).matcher("US").find());
    }

    @Test
    void statusesAreTheOrderStatusEnumEverywhere() {
        List<String> documented = new ArrayList<>();
        schema("OrderStatus").path("enum").forEach(value -> documented.add(value.asText()));
        assertEquals(Arrays.stream(OrderStatus.values()).map(Enum::name).toList(), documented);
        assertEquals(SCHEMAS + "OrderStatus", schema("Order").at("/properties/status/$ref").asText());
        assertEquals(SCHEMAS + "OrderStatus", schema("StatusChange").at("/properties/status/$ref").asText());
        JsonNode filter = parameter(operation("/orders", "get"), "status");
        assertEquals(SCHEMAS + "OrderStatus", filter.at("/schema/allOf/0/$ref").asText());
    }

    @Test
    void closedSetsOfValuesAreEnumsOfWhatTheServerAccepts() throws Exception {
        // The payment methods the server's validation accepts, read from its pattern.
        Set<String> accepted = new TreeSet<>(alternatives(CreateOrderRequest.PaymentBody.class, "paymentMethod"));
        assertEquals(accepted, strings(schema("PaymentRequest").at("/properties/payment_method/enum")));
        assertEquals(accepted, strings(schema("Payment").at("/properties/payment_method/enum")));
        assertEquals(Set.of(PaymentWebhookBody.SUCCEEDED, PaymentWebhookBody.FAILED), alternatives(PaymentWebhookBody.class, "type"));
        assertEquals(new TreeSet<>(alternatives(PaymentWebhookBody.class, "type")), strings(schema("PaymentEvent").at("/properties/type/enum")));
        Set<String> outcomes = Arrays.stream(PaymentWebhooks.Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(outcomes, strings(schema("PaymentEventReceipt").at("/properties/outcome/enum")));
    }

    @Test
    void timestampsAreDateTimesAndRequestMoneyIsInCents() throws Exception {
        int timestamps = 0;
        Iterator<Map.Entry<String, JsonNode>> schemas = document.at("/components/schemas").fields();
        while (schemas.hasNext()) {
            Map.Entry<String, JsonNode> entry = schemas.next();
            Iterator<Map.Entry<String, JsonNode>> properties = entry.getValue().path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                if (property.getKey().endsWith("_at") || property.getKey().equals("at") || property.getKey().equals("confirm_by")) {
                    timestamps++;
                    assertEquals("date-time", property.getValue().path("format").asText(), entry.getKey() + "." + property.getKey());
                }
            }
        }
        assertTrue(timestamps >= 8, "timestamps checked: " + timestamps);

        // Where the server limits the decimals (@Digits), the document says how many (ApiDocumentation.CENTS for why
        // not as multipleOf).
        for (var money : Map.of("OrderLineRequest", "unit_price", "PaymentEventData", "amount").entrySet()) {
            Class<?> type = classOf(money.getKey());
            Digits digits = type.getDeclaredField(camelCase(money.getValue())).getAnnotation(Digits.class);
            assertNotNull(digits, money + " has @Digits");
            JsonNode property = schema(money.getKey()).at("/properties/" + money.getValue());
            assertEquals(digits.fraction(), property.path(ApiDocumentation.FRACTION_DIGITS).asInt(-1), money + ": " + property);
            assertTrue(property.path("description").asText().contains(digits.fraction() + " decimal places"), property.toString());
        }
        List<String> multiples = new ArrayList<>();
        walk(document, "", (path, node) -> {
            if (node.has("multipleOf")) {
                multiples.add(path);
            }
        });
        assertEquals(List.of(), multiples);
    }

    @Test
    void everyParameterAndRequestBodyFieldHasAnExample() {
        int parameters = 0;
        for (JsonNode operation : operations()) {
            for (JsonNode parameter : operation.path("parameters")) {
                parameters++;
                assertTrue(parameter.has("example") || parameter.has("examples"), parameter.path("name").asText() + " has an example");
            }
            JsonNode body = operation.at("/requestBody/content/application~1json/schema/$ref");
            if (!body.isMissingNode()) {
                everyFieldHasAnExample(body.asText(), new LinkedHashSet<>());
            }
        }
        assertTrue(parameters >= 7, "parameters checked: " + parameters);
        // The document names the path parameter as the bodies name the order's id.
        assertEquals("path", parameter(operation("/orders/{order_id}", "get"), "order_id").path("in").asText());
        assertEquals("path", parameter(operation("/orders/{order_id}/cancel", "post"), "order_id").path("in").asText());
    }

    @Test
    void everyOperationDocumentsTheAnswersEveryOperationCanGetWithAProblem() {
        List<JsonNode> operations = operations();
        assertEquals(6, operations.size());
        for (JsonNode operation : operations) {
            String id = operation.path("operationId").asText();
            JsonNode responses = operation.path("responses");
            for (String status : EVERY_OPERATION_ANSWERS) {
                assertEquals(SCHEMAS + "Problem", responses.at("/" + status + "/content/application~1problem+json/schema/$ref").asText(),
                        id + " documents " + status + " as a problem");
            }
            Iterator<String> statuses = responses.fieldNames();
            while (statuses.hasNext()) {
                String status = statuses.next();
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertEquals(1, responses.path(status).path("content").size(), id + " " + status + " is only a problem");
                }
            }
            assertEquals("integer", responses.at("/503/headers/Retry-After/schema/type").asText(), id + "'s 503 says when to retry");
            assertTrue(responses.at("/405/headers").has("Allow"), id + "'s 405 names the methods");
        }
    }

    @Test
    void theDeployedDocumentNamesTheDeployedStageFirst() {
        assertTrue(document.at("/servers/0/url").asText().startsWith("https://{restApiId}.execute-api."), document.path("servers").toString());
    }

    private static void everyFieldHasAnExample(String ref, Set<String> seen) {
        if (!seen.add(ref)) {
            return;
        }
        JsonNode schema = schema(ref.substring(SCHEMAS.length()));
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode value = property.getValue();
            JsonNode nested = value.has("$ref") ? value.get("$ref") : value.at("/items/$ref");
            if (!nested.isMissingNode()) {
                everyFieldHasAnExample(nested.asText(), seen);
            } else {
                assertTrue(value.has("example"), ref + "." + property.getKey() + " has an example");
            }
        }
    }

    /** The values a field's {@code @Pattern} of the form {@code ^(a|b|c)$} accepts, each checked against it. */
    private static Set<String> alternatives(Class<?> type, String field) throws NoSuchFieldException {
        String regexp = type.getDeclaredField(field).getAnnotation(Pattern.class).regexp();
        assertTrue(regexp.startsWith("^(") && regexp.endsWith(")$"), regexp);
        Set<String> values = new LinkedHashSet<>();
        for (String alternative : regexp.substring(2, regexp.length() - 2).split("\\|")) {
            String value = alternative.replace("\\.", ".");
            assertTrue(value.matches(regexp), value + " is accepted by " + regexp);
            values.add(value);
        }
        return values;
    }

    private static List<JsonNode> operations() {
        List<JsonNode> operations = new ArrayList<>();
        document.path("paths").forEach(path -> path.forEach(operation -> {
            if (operation.has("operationId")) {
                operations.add(operation);
            }
        }));
        return operations;
    }

    private static JsonNode operation(String path, String method) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertFalse(operation.isMissingNode(), method + " " + path + " is documented");
        return operation;
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError(operation.path("operationId").asText() + " has no parameter " + name);
    }

    private static JsonNode schema(String name) {
        JsonNode schema = document.at("/components/schemas").path(name);
        assertFalse(schema.isMissingNode(), name + " is in the document");
        return schema;
    }

    /** The strings of a JSON array, sorted: compared as sets. */
    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(path, node);
            node.fields().forEachRemaining(field -> walk(field.getValue(), path + "/" + field.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visit);
            }
        }
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static String camelCase(String name) {
        StringBuilder camel = new StringBuilder();
        for (String part : name.split("_")) {
            camel.append(camel.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return camel.toString();
    }

    /** The class a schema documents: its {@code @Schema(name)}, or its own name when it has none. */
    private static Class<?> classOf(String schemaName) {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> top : List.of(CreateOrderRequest.class, CancelOrderRequest.class, OrderView.class, OrderListView.class,
                PaymentWebhookBody.class, Problem.class, HealthController.class, PaymentWebhookController.class)) {
            types.add(top);
            types.addAll(List.of(top.getDeclaredClasses()));
        }
        for (Class<?> type : types) {
            Schema schema = type.getAnnotation(Schema.class);
            String name = schema != null && !schema.name().isEmpty() ? schema.name()
                    : type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
            if (name.equals(schemaName)) {
                return type;
            }
        }
        throw new AssertionError("no API class is documented as " + schemaName);
    }
}
