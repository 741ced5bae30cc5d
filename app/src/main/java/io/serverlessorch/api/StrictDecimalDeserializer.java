package io.serverlessorch.api;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;

/** Reads an amount that must be a JSON number, exactly as written (never through a double). */
@Singleton
public class StrictDecimalDeserializer implements Deserializer<BigDecimal> {

    @Override
    public BigDecimal deserialize(Decoder decoder, DecoderContext context, Argument<? super BigDecimal> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (!node.isNumber()) {
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName()) + ": must be a number, not " + JsonKinds.describe(node), null);
        }
        try {
            return node.getBigDecimalValue();
        } catch (NumberFormatException e) {
            throw decoder.createDeserializationException(JsonKinds.jsonName(type.getName()) + ": is not a usable amount", null);
        }
    }

    @Override
    public BigDecimal deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super BigDecimal> type) throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
