package io.keepsync.common.text;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A request field whose text must be storable exactly ({@link Text#isStorable}); null passes. */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Storable.Validator.class)
public @interface Storable {

    String message() default Text.NOT_STORABLE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the text with {@link Text#isStorable}. */
    class Validator implements ConstraintValidator<Storable, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Text.isStorable(value);
        }
    }
}
