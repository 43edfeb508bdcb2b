import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Turns Quarkus's native-image.args (written for the native-image driver) into the arguments of the Native Image
 * builder itself, which is what the driver does before it starts the builder: -J options become the builder JVM's
 * options, -jar becomes the image class path and main class, driver options (--features, --no-fallback, ...) become
 * the builder's -H: options they stand for, and the Args of every native-image.properties on the image class path are
 * taken in the same way. The driver options are not listed by hand: they are read from the builder's own @APIOption
 * annotations, so a new or renamed option is translated as the driver would.
 *
 * Run by .ci/native-object: {@code BuilderArgs.java exports FILE JARS...} writes the --add-exports the builder needs;
 * then, on the builder's module path, {@code BuilderArgs.java SOURCES OUT JVM_ARGS BUILDER_ARGS JARS...} writes the
 * builder JVM's options and the builder's arguments.
 */
public class BuilderArgs {

    record Api(String hostedName, boolean runtime, boolean bool, boolean negated, String[] fixed, String[] defaults,
            Class<?>[] transformers) {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("exports")) {
            List<Path> jars = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                jars.add(Path.of(args[i]));
            }
            Files.write(Path.of(args[1]), exports(jars));
            return;
        }
        Path sources = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        Path jvmFile = Path.of(args[2]);
        Path builderFile = Path.of(args[3]);
        List<Path> builderJars = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            builderJars.add(Path.of(args[i]));
        }

        Map<String, Api> api = apiOptions(builderJars);
        List<String> jvm = new ArrayList<>();
        List<String> builder = new ArrayList<>();
        List<String> driver = new ArrayList<>(List.of(Files.readString(sources.resolve("native-image.args")).trim()
                .split("\\s+")));

        // -jar: the runner and its manifest's Class-Path make the image class path; its Main-Class the entry point.
        int jar = driver.indexOf("-jar");
        Path runner = sources.resolve(driver.get(jar + 1));
        driver.remove(jar + 1);
        driver.remove(jar);
        List<Path> classPath = new ArrayList<>(List.of(runner));
        String mainClass;
        try (JarFile file = new JarFile(runner.toFile())) {
            mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
            String manifestPath = file.getManifest().getMainAttributes().getValue("Class-Path");
            if (manifestPath != null) {
                for (String entry : manifestPath.trim().split("\\s+")) {
                    classPath.add(sources.resolve(entry));
                }
            }
        }
        // The image name is the one operand left once options and their values are taken.
        List<String[]> excluded = new ArrayList<>();
        String imageName = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < driver.size(); i++) {
            String arg = driver.get(i);
            if (arg.equals("--exclude-config")) {
                excluded.add(new String[] { driver.get(i + 1), driver.get(i + 2) });
                i += 2;
            } else if (!arg.startsWith("-")) {
                imageName = arg;
            } else {
                options.add(arg);
            }
        }
        // Args of the native-image.properties the driver would read, unless an --exclude-config names them.
        for (Path entry : classPath) {
            options.addAll(propertiesArgs(entry, excluded));
        }
        for (String option : options) {
            translate(option, api, jvm, builder);
        }

        Files.createDirectories(out);
        builder.add(0, "-imagecp");
        builder.add(1, String.join(":", classPath.stream().map(Path::toString).toList()));
        // The object file is written to the temporary directory, which the builder keeps when it is named.
        builder.addAll(List.of("-H:Name=" + imageName, "-H:Class=" + mainClass, "-H:Path=" + out,
                "-H:TempDirectory=" + out.resolve("tmp"),
                "-H:ImageBuildID=" + UUID.randomUUID(), "-H:+UnlockExperimentalVMOptions",
                "-H:+ExitAfterRelocatableImageWrite", "-H:-UnlockExperimentalVMOptions"));
        Files.write(jvmFile, jvm);
        Files.write(builderFile, builder);
    }

    /** The Args of every META-INF/native-image/.../native-image.properties in a jar, one option per element. */
    static List<String> propertiesArgs(Path jar, List<String[]> excluded) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            return found;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith("META-INF/native-image/") || !name.endsWith("/native-image.properties")) {
                    continue;
                }
                boolean skip = excluded.stream().anyMatch(e -> Pattern.compile(e[0]).matcher(jar.toString()).find()
                        && Pattern.compile(e[1]).matcher("/" + name).find());
                if (skip) {
                    continue;
                }
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    properties.load(in);
                }
                String value = properties.getProperty("Args");
                if (value != null && !value.isBlank()) {
                    found.addAll(List.of(value.trim().split("\\s+")));
                }
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    static void translate(String option, Map<String, Api> api, List<String> jvm, List<String> builder)
            throws Exception {
        // -D sets a system property of the build, which the driver gives the builder's JVM, as it does -J options.
        if (option.startsWith("-J") || option.startsWith("-D")) {
            jvm.add(option.startsWith("-J") ? option.substring(2) : option);
            return;
        }
        if (option.startsWith("-H:") || option.startsWith("-R:")) {
            builder.add(option);
            return;
        }
        int equals = option.indexOf('=');
        String name = equals < 0 ? option : option.substring(0, equals);
        String value = equals < 0 ? null : option.substring(equals + 1);
        Api target = api.get(name);
        if (target == null) {
            throw new IllegalArgumentException("No builder option stands for the driver option " + option);
        }
        String prefix = target.runtime() ? "-R:" : "-H:";
        if (target.bool()) {
            boolean on = value == null || Boolean.parseBoolean(value);
            builder.add(prefix + ((on ^ target.negated()) ? "+" : "-") + target.hostedName());
            return;
        }
        if (value == null) {
            if (target.fixed().length > 0) {
                value = target.fixed()[0];
            } else if (target.defaults().length > 0) {
                value = target.defaults()[0];
            } else {
                throw new IllegalArgumentException("The driver option " + option + " needs a value");
            }
        }
        Object transformed = value;
        for (Class<?> transformer : target.transformers()) {
            var constructor = transformer.getDeclaredConstructor();
            constructor.setAccessible(true);
            Function<Object, Object> function = (Function<Object, Object>) constructor.newInstance();
            transformed = function.apply(transformed);
        }
        builder.add(prefix + target.hostedName() + "=" + transformed);
    }

    /** Every @APIOption of the builder, by its driver name (--features, ...), read from the builder's classes. */
    static Map<String, Api> apiOptions(List<Path> jars) throws Exception {
        ClassLoader loader = BuilderArgs.class.getClassLoader();
        @SuppressWarnings("unchecked")
        Class<? extends Annotation> apiOption = (Class<? extends Annotation>) Class.forName(
                "com.oracle.svm.core.option.APIOption", false, loader);
        Class<?> optionKey = Class.forName("jdk.graal.compiler.options.OptionKey", false, loader);
        Class<?> runtimeKey = Class.forName("com.oracle.svm.core.option.RuntimeOptionKey", false, loader);
        Method names = apiOption.getMethod("name");
        Method kind = apiOption.getMethod("kind");
        Method fixed = apiOption.getMethod("fixedValue");
        Method defaults = apiOption.getMethod("defaultValue");
        Method transformers = apiOption.getMethod("valueTransformer");
        Map<String, Api> options = new LinkedHashMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                    String name = entries.nextElement().getName();
                    if (!name.endsWith(".class") || name.contains("module-info") || name.startsWith("META-INF")) {
                        continue;
                    }
                    Class<?> type;
                    try {
                        type = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    } catch (Throwable notLoadable) {
                        continue;
                    }
                    Field[] fields;
                    try {
                        fields = type.getDeclaredFields();
                    } catch (Throwable notLinkable) {
                        continue;
                    }
                    for (Field field : fields) {
                        Annotation[] annotations = field.getAnnotationsByType(apiOption);
                        if (annotations.length == 0 || !optionKey.isAssignableFrom(field.getType())) {
                            continue;
                        }
                        // The key's type argument tells a switch from a value without initialising the class.
                        boolean bool = field.getGenericType() instanceof ParameterizedType parameterized
                                && parameterized.getActualTypeArguments()[0] == Boolean.class;
                        boolean runtime = runtimeKey.isAssignableFrom(field.getType());
                        for (Annotation annotation : annotations) {
                            for (String driverName : (String[]) names.invoke(annotation)) {
                                options.put(driverName.startsWith("-") ? driverName : "--" + driverName,
                                        new Api(field.getName(), runtime, bool,
                                                kind.invoke(annotation).toString().equals("Negated"),
                                                (String[]) fixed.invoke(annotation),
                                                (String[]) defaults.invoke(annotation),
                                                (Class<?>[]) transformers.invoke(annotation)));
                            }
                        }
                    }
                }
            }
        }
        return options;
    }

    /**
     * The builder reaches into non-exported packages of the JDK modules it requires and of its own modules (the driver
     * exports them to it): every package of the modules the builder's modules require, directly or not, exported to the
     * builder's modules and the image's class path. The JVM takes at most 1,000 of them, so not every system module.
     */
    static List<String> exports(List<Path> jars) {
        ModuleFinder builderFinder = ModuleFinder.of(jars.toArray(Path[]::new));
        ModuleFinder system = ModuleFinder.ofSystem();
        Set<String> builderModules = new java.util.TreeSet<>();
        builderFinder.findAll().forEach(m -> builderModules.add(m.descriptor().name()));
        Map<String, ModuleDescriptor> needed = new LinkedHashMap<>();
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>(builderModules);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (needed.containsKey(name)) {
                continue;
            }
            var module = builderFinder.find(name).or(() -> system.find(name));
            if (module.isEmpty()) {
                continue;
            }
            ModuleDescriptor descriptor = module.get().descriptor();
            needed.put(name, descriptor);
            descriptor.requires().forEach(r -> pending.push(r.name()));
        }
        String targets = String.join(",", builderModules) + ",ALL-UNNAMED";
        List<String> lines = new ArrayList<>();
        for (ModuleDescriptor descriptor : needed.values()) {
            Set<String> open = new java.util.HashSet<>();
            descriptor.exports().stream().filter(e -> !e.isQualified()).forEach(e -> open.add(e.source()));
            for (String pkg : descriptor.packages().stream().sorted().toList()) {
                if (!open.contains(pkg)) {
                    lines.add("--add-exports=" + descriptor.name() + "/" + pkg + "=" + targets);
                }
            }
        }
        return lines;
    }
}
