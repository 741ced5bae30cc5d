package io.serverlessorch.api;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

@Singleton
public class CharactersValidator implements ConstraintValidator<Characters, String> {

    @Override
    public boolean isValid(@Nullable String value, @NonNull AnnotationValue<Characters> annotation,
                           @NonNull ConstraintValidatorContext context) {
        return value == null || value.codePointCount(0, value.length()) <= annotation.intValue("max").orElse(Integer.MAX_VALUE);
    }
}
