package io.serverlessorch.local.bench;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An item's size as DynamoDB bills it: each attribute's name in UTF-8 bytes plus its value (strings in
 * UTF-8 bytes; numbers 1 byte per two significant digits plus 1; binary its length; booleans and null 1;
 * lists and maps 3 bytes plus 1 per element plus the elements; sets the sum of their elements).
 */
final class ItemSize {

    private ItemSize() {
    }

    static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    static long value(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || value.nul() != null) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(ItemSize::number).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToLong(bytes -> bytes.asByteArray().length).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(element -> 1 + value(element)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToLong(entry -> 1 + utf8(entry.getKey()) + value(entry.getValue())).sum();
        }
        return 0;
    }

    private static long number(String number) {
        String digits = new BigDecimal(number).unscaledValue().abs().toString().replaceAll("^0+|0+$", "");
        return (Math.max(1, digits.length()) + 1) / 2 + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
