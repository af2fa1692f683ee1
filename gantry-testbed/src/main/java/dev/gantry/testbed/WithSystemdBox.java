package dev.gantry.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One bare {@link SystemdBox} (nothing installed) for the whole test class: booted before the
 * first test, stopped after the last, even when tests fail. Test methods, constructors and
 * lifecycle methods receive it as a {@code SystemdBox} parameter. Nested classes share it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SystemdBoxExtension.class)
public @interface WithSystemdBox {
}
