package io.serverlessorch.api;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

@Singleton
public class DistinctProductsValidator implements ConstraintValidator<DistinctProducts, List<CreateOrderRequest.ItemBody>> {

    @Override
    public boolean isValid(@Nullable List<CreateOrderRequest.ItemBody> items,
                           @NonNull AnnotationValue<DistinctProducts> annotation,
                           @NonNull ConstraintValidatorContext context) {
        if (items == null) {
            return true;
        }
        var seen = new HashSet<String>();
        return items.stream().filter(Objects::nonNull).map(CreateOrderRequest.ItemBody::productId)
                .filter(Objects::nonNull).allMatch(seen::add);
    }
}
