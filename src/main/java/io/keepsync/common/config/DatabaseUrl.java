package io.keepsync.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code postgres://user:pass@host:port/db?sslmode=...} URL that hosting platforms inject, translated into the
 * JDBC URL and credentials the Quarkus datasource understands.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> username, Optional<String> password) {

    private static final int DEFAULT_PORT = 5432;

    /**
     * Parses a platform database URL. The message of the exception names what is wrong but never repeats the
     * password.
     *
     * @throws IllegalArgumentException when the URL is not a usable PostgreSQL URL
     */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        URI uri = toUri(url.trim());
        String scheme = uri.getScheme();
        if (!"postgres".equalsIgnoreCase(scheme) && !"postgresql".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with postgres:// or postgresql://, not "
                            + (scheme == null ? "nothing" : scheme + "://"));
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL has no host (expected postgres://user:pass@host:5432/db)");
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (database.isBlank() || database.contains("/")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL has no database name (expected postgres://user:pass@host:5432/db)");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
                .append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(database);
        if (uri.getRawQuery() != null && !uri.getRawQuery().isBlank()) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        return new DatabaseUrl(jdbc.toString(), userInfoPart(uri, 0), userInfoPart(uri, 1));
    }

    private static URI toUri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (" + e.getReason()
                    + "); URL-encode special characters in the user name and password");
        }
    }

    private static Optional<String> userInfoPart(URI uri, int index) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = userInfo.split(":", 2);
        if (index >= parts.length || parts[index].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(URLDecoder.decode(parts[index].replace("+", "%2B"), StandardCharsets.UTF_8));
    }
}
