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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Turns Quarkus's native-image.args (written for the native-image driver) into the arguments of the Native Image
 * builder itself and of the JVM it runs on, which is what the driver does before it starts the builder: -J options
 * become the builder JVM's options, -jar becomes the image class path and main class (and its manifest's Add-Opens,
 * Add-Exports and Enable-Native-Access become options too), driver options (--features, --no-fallback, ...) become
 * the builder's -H: options they stand for, and every jar's META-INF/native-image/ is read as the driver reads it: the
 * Args and JavaArgs of native-image.properties, and each JSON metadata file passed by its resource name with the jar
 * it came from. The driver options are not listed by hand: they are read from the builder's own @APIOption
 * annotations, so a new or renamed option is translated as the driver would.
 *
 * Run by .ci/native-build: {@code BuilderArgs.java exports FILE JARS...} writes the --add-exports the builder needs;
 * then, on the builder's module path, {@code BuilderArgs.java SOURCES OUT JVM_ARGS BUILDER_ARGS JARS...} writes the
 * builder JVM's options and the builder's arguments for an executable written to OUT.
 */
public class BuilderArgs {

    record Api(String hostedName, boolean runtime, boolean bool, boolean negated, String[] fixed, String[] defaults,
            Class<?>[] transformers, boolean joined) {
    }

    /** The metadata files the driver passes on, by file name, with the builder option that takes each. */
    static final Map<String, String> METADATA = Map.of(
            "reachability-metadata.json", "ReachabilityMetadataResources",
            "jni-config.json", "JNIConfigurationResources",
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "serialization-deny-config.json", "SerializationDenyConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources");

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
        List<String> jvm = new ArrayList<>(driverJvmOptions(builderJars));
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
            Attributes manifest = file.getManifest().getMainAttributes();
            mainClass = manifest.getValue("Main-Class");
            String manifestPath = manifest.getValue("Class-Path");
            if (manifestPath != null) {
                for (String entry : manifestPath.trim().split("\\s+")) {
                    classPath.add(sources.resolve(entry));
                }
            }
            for (String[] option : List.of(new String[] { "Add-Opens", "AddOpens" },
                    new String[] { "Add-Exports", "AddExports" })) {
                String value = manifest.getValue(option[0]);
                if (value != null) {
                    for (String target : value.trim().split("\\s+")) {
                        builder.add("-H:" + option[1] + "=" + target + "=ALL-UNNAMED");
                    }
                }
            }
            if ("ALL-UNNAMED".equals(manifest.getValue("Enable-Native-Access"))) {
                jvm.add("--enable-native-access=ALL-UNNAMED");
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
        // What the driver reads from every class path entry's META-INF/native-image/, unless --exclude-config says no.
        List<String> metadata = new ArrayList<>();
        for (Path entry : classPath) {
            options.addAll(propertiesArgs(entry, excluded, "Args"));
            propertiesArgs(entry, excluded, "JavaArgs").forEach(jvm::add);
            metadata.addAll(metadataArgs(entry, excluded));
        }
        for (String option : options) {
            translate(option, api, jvm, builder);
        }
        builder.addAll(metadata);

        Files.createDirectories(out);
        builder.add(0, "-imagecp");
        builder.add(1, String.join(":", classPath.stream().map(Path::toString).toList()));
        builder.addAll(List.of("-H:Name=" + imageName, "-H:Class=" + mainClass, "-H:Path=" + out,
                "-H:ImageBuildID=" + UUID.randomUUID()));
        // An @argfile splits at spaces unless the argument is quoted.
        Files.write(jvmFile, jvm.stream().map(o -> o.contains(" ") ? '"' + o.replace("\\", "\\\\") + '"' : o).toList());
        Files.write(builderFile, builder);
    }

    /**
     * The builder JVM options the driver always gives, whatever the image: stack size, memory, the properties that
     * tell the builder and Quarkus's features which GraalVM this is, lambda and method-handle settings for
     * ahead-of-time compilation, and native access for every builder module (without it the image cannot initialise
     * its platform encoding at start).
     */
    static List<String> driverJvmOptions(List<Path> builderJars) throws IOException {
        String version = System.getProperty("keepsync.graalvm.version", "25.0.4");
        List<String> options = new ArrayList<>(List.of("-Xss10m", "-XX:MaxRAMPercentage=" + maxRamPercentage(),
                "-XX:GCTimeRatio=19", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dorg.graalvm.vendor=GraalVM Community", "-Dorg.graalvm.vendorurl=https://www.graalvm.org/",
                "-Dorg.graalvm.vendorversion=GraalVM CE " + version, "-Dorg.graalvm.version=" + version,
                "-Dcom.oracle.graalvm.isaot=true",
                "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
                "-Dorg.graalvm.nativeimage.imagecode=buildtime", "-Xshare:off",
                "-Djdk.internal.lambda.disableEagerInitialization=true",
                "-Djdk.internal.lambda.eagerlyInitialize=false",
                "-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false",
                "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1",
                "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false"));
        Set<String> modules = new java.util.TreeSet<>();
        ModuleFinder.of(builderJars.toArray(Path[]::new)).findAll()
                .forEach(module -> modules.add(module.descriptor().name()));
        options.add("--enable-native-access=" + String.join(",", modules));
        return options;
    }

    /** The driver's heap for the builder: the memory available now, as a share of all memory. */
    static String maxRamPercentage() throws IOException {
        long total = 0;
        long available = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                total = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("MemAvailable:")) {
                available = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        if (total <= 0 || available <= 0 || available > total) {
            return "80.0";
        }
        return String.valueOf(Math.min(available, 32_000_000_000L / 1024) * 100.0 / total);
    }

    /**
     * The JSON metadata files under META-INF/native-image/ of a class path entry, each as the builder option the driver
     * passes it as: the resource name, with the jar it came from as the option's origin.
     */
    static List<String> metadataArgs(Path entry, List<String[]> excluded) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isRegularFile(entry)) {
            return found;
        }
        try (JarFile file = new JarFile(entry.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                String name = entries.nextElement().getName();
                String fileName = name.substring(name.lastIndexOf('/') + 1);
                String option = METADATA.get(fileName);
                if (option == null || !name.startsWith("META-INF/native-image/") || isExcluded(entry, name, excluded)) {
                    continue;
                }
                String origin = "jar:" + entry.toUri() + "!/" + name + "+api";
                found.add("-H:" + option + "@" + origin + "=" + name);
            }
        }
        return found;
    }

    static boolean isExcluded(Path jar, String name, List<String[]> excluded) {
        return excluded.stream().anyMatch(e -> Pattern.compile(e[0]).matcher(jar.toString()).find()
                && Pattern.compile(e[1]).matcher("/" + name).find());
    }

    /** One property (Args, JavaArgs) of every META-INF/native-image/.../native-image.properties in a jar, split. */
    static List<String> propertiesArgs(Path jar, List<String[]> excluded, String key) throws IOException {
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
                if (isExcluded(jar, name, excluded)) {
                    continue;
                }
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    properties.load(in);
                }
                String value = properties.getProperty(key);
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
            // Options such as -Os take their value without a separator.
            for (Map.Entry<String, Api> joined : api.entrySet()) {
                if (joined.getValue().joined() && option.startsWith(joined.getKey())
                        && option.length() > joined.getKey().length()) {
                    target = joined.getValue();
                    value = option.substring(joined.getKey().length());
                }
            }
        }
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
        Method separators = apiOption.getMethod("valueSeparator");
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
                                                (Class<?>[]) transformers.invoke(annotation),
                                                new String((char[]) separators.invoke(annotation)).indexOf('\0') >= 0));
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
