package io.serverlessorch.api;

import io.micronaut.json.tree.JsonNode;

import java.util.Locale;

/** Names a JSON value's kind for error messages. */
final class JsonKinds {

    private JsonKinds() {
    }

    static String describe(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isArray() ? "an array" : node.isObject() ? "an object" : "null";
    }

    /** The JSON name of a request property: {@code unitPrice} is {@code unit_price}. */
    static String jsonName(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
