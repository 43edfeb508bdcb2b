package io.keepsync;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface's port in the application under test: metrics are served there, not on the API port. */
public final class ManagementPort {

    private ManagementPort() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }
}
