package io.serverlessorch.local.stream;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns SDK v2 attribute values into the attribute values of the Lambda events library, which is what a
 * stream handler receives in AWS. Every DynamoDB type is kept, nested maps and lists included.
 */
public final class AttributeValueConverter {

    private AttributeValueConverter() {
    }

    /** The event form of {@code value}. */
    public static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toEventValue(AttributeValue value) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case B -> converted.setB(toByteBuffer(value.b()));
            case SS -> converted.setSS(List.copyOf(value.ss()));
            case NS -> converted.setNS(List.copyOf(value.ns()));
            case BS -> converted.setBS(value.bs().stream().map(AttributeValueConverter::toByteBuffer).toList());
            case M -> converted.setM(toEventMap(value.m()));
            case L -> converted.setL(value.l().stream().map(AttributeValueConverter::toEventValue).toList());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(value.nul());
            default -> throw new IllegalArgumentException("Unknown DynamoDB attribute type in " + value);
        }
        return converted;
    }

    /** The event form of an item, its keys or an image; insertion order is kept. */
    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toEventMap(
            Map<String, AttributeValue> values) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted = new LinkedHashMap<>();
        values.forEach((name, value) -> converted.put(name, toEventValue(value)));
        return converted;
    }

    /** A writable copy: handlers may read the buffer, and must not change what a retry will deliver. */
    private static ByteBuffer toByteBuffer(SdkBytes bytes) {
        return ByteBuffer.wrap(bytes.asByteArray());
    }
}
