package io.serverlessorch.api;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads a JSON integer. The default reading of an int truncates {@code 2.5} to 2 and accepts {@code "2"},
 * {@code 2.0} or {@code 1E2}; for a quantity of stock each would be a silent guess, so all are rejected.
 */
@Singleton
public class WholeNumberDeserializer implements Deserializer<Integer> {

    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (!node.isNumber()) {
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName()) + ": must be a whole number, not " + JsonKinds.describe(node), null);
        }
        Number number = node.getNumberValue();
        BigDecimal value = node.getBigDecimalValue();
        if (!(number instanceof Integer || number instanceof Long || number instanceof BigInteger)) {
            // 2.0 and 1E2 are whole in value, but a client writing them is not counting items.
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName())
                    + ": must be a whole number written as digits only, not " + value.toString(), null);
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName()) + ": " + value.toPlainString() + " is out of range", null);
        }
    }

    @Override
    public Integer deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
