package dev.gantry.testbed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives a test class one box, per {@link WithAgentBox} or {@link WithSystemdBox} (the agent box
 * wins if a class has both).
 *
 * <p>The box lives in the class's extension store. It is created in {@code beforeAll}, or earlier
 * if a per-class test instance asks for it in its constructor, and closed in {@code afterAll}.
 * Should {@code afterAll} never run (another extension failed first), JUnit still closes it with
 * the store, as it does every {@link AutoCloseable} value there.
 */
public final class SystemdBoxExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SystemdBoxExtension.class);
    private static final String KEY = "box";

    @Override
    public void beforeAll(ExtensionContext context) {
        box(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() only looks at this class's own store: a nested class leaves its parent's box alone.
        AutoCloseable box = context.getStore(NAMESPACE).remove(KEY, AutoCloseable.class);
        if (box != null) {
            try {
                box.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + box, e);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SystemdBox.class || type == AgentBox.class && wantsAgent(classContext(context));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Object box = box(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == AgentBox.class) {
            return box;
        }
        return box instanceof AgentBox agent ? agent.box() : box;
    }

    /** The class's box, created on first use; a nested class finds its enclosing class's box. */
    private static Object box(ExtensionContext context) {
        ExtensionContext owner = classContext(context);
        String label = owner.getRequiredTestClass().getSimpleName();
        boolean agent = wantsAgent(owner);
        return owner.getStore(NAMESPACE).computeIfAbsent(KEY,
                key -> agent ? AgentBox.start(label) : SystemdBox.boot(label), AutoCloseable.class);
    }

    private static boolean wantsAgent(ExtensionContext classContext) {
        return classContext.getTestClass()
                .map(c -> AnnotationSupport.isAnnotated(c, WithAgentBox.class))
                .orElseThrow(() -> new ParameterResolutionException("no test class to attach a box to"));
    }

    /** Method-level contexts hand over to their class: the box is per class. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
