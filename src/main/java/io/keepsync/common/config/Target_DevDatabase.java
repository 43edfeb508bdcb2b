package io.keepsync.common.config;

import java.util.Map;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * Keeps the embedded PostgreSQL of dev mode out of the native executable: the executable never runs in dev mode, and
 * the embedded binaries are not packaged for it.
 */
@TargetClass(DevDatabase.class)
final class Target_DevDatabase {

    private Target_DevDatabase() {
    }

    @Substitute
    static Map<String, String> start() {
        throw new IllegalStateException("The embedded database exists only in dev mode (./mvnw quarkus:dev)");
    }
}
