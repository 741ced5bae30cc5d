package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The converter against the events library's own transformer, which turns event values back into SDK v2 ones. */
class AttributeValueConverterTest {

    private static final Map<String, AttributeValue> EVERY_TYPE = everyType();

    private static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put("s", AttributeValue.fromS("text with \"quotes\", é and 🚀"));
        values.put("n", AttributeValue.fromN("-12.5e3"));
        values.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[]{0, 1, (byte) 0xff})));
        values.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        values.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
        values.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("y"))));
        values.put("bool", AttributeValue.fromBool(false));
        values.put("null", AttributeValue.fromNul(true));
        values.put("emptyList", AttributeValue.fromL(List.of()));
        values.put("emptyMap", AttributeValue.fromM(Map.of()));
        return values;
    }

    @Test
    void everyTypeRoundTrips() {
        EVERY_TYPE.forEach((name, value) ->
                assertEquals(value, DynamodbAttributeValueTransformer.toAttributeValueV2(AttributeValueConverter.toEventValue(value)), name));
    }

    @Test
    void nestedMapsAndListsRoundTrip() {
        AttributeValue list = AttributeValue.fromL(List.copyOf(EVERY_TYPE.values()));
        Map<String, AttributeValue> item = new LinkedHashMap<>(EVERY_TYPE);
        item.put("list", list);
        item.put("map", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(EVERY_TYPE), "list", list)));

        assertEquals(item, DynamodbAttributeValueTransformer.toAttributeValueMapV2(AttributeValueConverter.toEventMap(item)));
    }

    @Test
    void eachTypeLandsInItsOwnField() {
        var s = AttributeValueConverter.toEventValue(EVERY_TYPE.get("s"));
        assertEquals("text with \"quotes\", é and 🚀", s.getS());
        assertEquals("-12.5e3", AttributeValueConverter.toEventValue(EVERY_TYPE.get("n")).getN());
        var b = AttributeValueConverter.toEventValue(EVERY_TYPE.get("b")).getB();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertArrayEquals(new byte[]{0, 1, (byte) 0xff}, bytes);
        assertEquals(List.of("a", "b"), AttributeValueConverter.toEventValue(EVERY_TYPE.get("ss")).getSS());
        assertEquals(List.of("1", "2.5"), AttributeValueConverter.toEventValue(EVERY_TYPE.get("ns")).getNS());
        assertEquals("y", StandardCharsets.UTF_8.decode(AttributeValueConverter.toEventValue(EVERY_TYPE.get("bs")).getBS().get(1)).toString());
        assertEquals(false, AttributeValueConverter.toEventValue(EVERY_TYPE.get("bool")).getBOOL());
        assertEquals(true, AttributeValueConverter.toEventValue(EVERY_TYPE.get("null")).getNULL());
        assertTrue(AttributeValueConverter.toEventValue(EVERY_TYPE.get("emptyList")).getL().isEmpty());
        assertTrue(AttributeValueConverter.toEventValue(EVERY_TYPE.get("emptyMap")).getM().isEmpty());
    }
}
