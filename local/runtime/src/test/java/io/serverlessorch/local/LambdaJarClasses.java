package io.serverlessorch.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Runs in a JVM whose classpath is the deployment jar (and this class): loads and links every AWS SDK class the
 * jar carries (ProGuard wrote them, app/proguard.pro), and reads each one's generic supertypes. Prints
 * CLASSES OK and the count, or each class that failed and why. Argument: the jar.
 */
public final class LambdaJarClasses {

    /** The SDK's optional native integration (CRT): absent from the jar by choice, as from the SDK's own jars. */
    private static final String OPTIONAL = "software/amazon/awssdk/crt/";

    private LambdaJarClasses() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names;
        try (JarFile jar = new JarFile(Path.of(args[0]).toFile())) {
            names = jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("software/amazon/awssdk/") && name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                // Linking verifies the class: every class its methods' frames name must be there.
                Class<?> type = Class.forName(name, false, LambdaJarClasses.class.getClassLoader());
                type.getDeclaredMethods();
                type.getDeclaredFields();
                type.getDeclaredConstructors();
                type.getGenericInterfaces();
                type.getGenericSuperclass();
            } catch (Throwable failure) {
                String why = failure + (failure.getCause() == null ? "" : " / " + failure.getCause());
                if (!why.contains(OPTIONAL) && !why.contains(OPTIONAL.replace('/', '.'))) {
                    failures.add(name + ": " + why);
                }
            }
        }
        if (!failures.isEmpty()) {
            failures.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("CLASSES OK " + names.size());
    }
}
