package dev.gantry.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One {@link AgentBox} for the whole test class: booted and started before the first test,
 * stopped after the last, even when tests fail. Test methods, constructors and lifecycle methods
 * receive it as an {@code AgentBox} (or its {@code SystemdBox}) parameter. Nested classes share
 * their enclosing class's box.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SystemdBoxExtension.class)
public @interface WithAgentBox {
}
