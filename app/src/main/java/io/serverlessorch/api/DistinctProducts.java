package io.serverlessorch.api;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Each product appears on one line only. Two lines for one product are a client mistake, not something
 * to merge silently; it also keeps the stock reservation one write per product.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Constraint(validatedBy = DistinctProductsValidator.class)
public @interface DistinctProducts {
    String message() default "each product_id may appear on one line only";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
