package io.serverlessorch.api;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads a JSON number that must be whole. The default reading of an int truncates {@code 2.5} to 2 and
 * accepts {@code "2"}; for a quantity of stock either would be a silent mistake, so both are rejected.
 */
@Singleton
public class WholeNumberDeserializer implements Deserializer<Integer> {

    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (!node.isNumber()) {
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName()) + ": must be a whole number, not " + JsonKinds.describe(node), null);
        }
        BigDecimal value = node.getBigDecimalValue();
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName()) + ": must be a whole number, not " + value.toPlainString(), null);
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
