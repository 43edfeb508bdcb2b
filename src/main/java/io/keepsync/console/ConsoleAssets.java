package io.keepsync.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import io.quarkus.qute.TemplateGlobal;

/**
 * Where the pages load htmx and Bootstrap from: the webjars on the classpath, whose versions are read from their own
 * Maven metadata so that the pom is the one place they are named. Templates use the names as global variables.
 */
@TemplateGlobal
public class ConsoleAssets {

    static final String htmxJs = "/webjars/htmx.org/" + version("htmx.org") + "/dist/htmx.min.js";
    static final String htmxSseJs = "/webjars/htmx-ext-sse/" + version("htmx-ext-sse") + "/sse.js";
    static final String bootstrapCss = "/webjars/bootstrap/" + version("bootstrap") + "/dist/css/bootstrap.min.css";
    static final String bootstrapJs = "/webjars/bootstrap/" + version("bootstrap") + "/dist/js/bootstrap.bundle.min.js";

    private static String version(String artifact) {
        String resource = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The webjar " + artifact + " is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
