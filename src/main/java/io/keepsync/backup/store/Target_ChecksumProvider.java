package io.keepsync.backup.store;

import java.util.function.BooleanSupplier;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * The AWS SDK computes CRC64NVME and XXHASH only through the optional AWS CRT (and CRC32C through it when the JDK's
 * cannot), which this service does not ship. On the JVM the SDK checks for the CRT before each use and, finding it
 * missing, falls back or says what to add; in the native executable its direct references to the CRT's classes cannot
 * be linked, so while the CRT is absent each such method is replaced by what the SDK does without it.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider", onlyWith = Target_ChecksumProvider.CrtAbsent.class)
final class Target_ChecksumProvider {

    private Target_ChecksumProvider() {
    }

    @Substitute
    static SdkChecksum createCrtCrc32C() {
        return null;
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new RuntimeException(String.format("Could not load %s for algorithm: %s. Add dependency on '%s' module.",
                "software.amazon.awssdk.crt.checksums.XXHash", algorithm.algorithmId(), "software.amazon.awssdk.crt:aws-crt"));
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new RuntimeException("Could not load software.amazon.awssdk.crt.checksums.CRC64NVME. Add dependency on "
                + "'software.amazon.awssdk.crt:aws-crt' module to enable CRC64NVME feature.");
    }

    /** True while the AWS CRT is not on the image's class path. */
    static final class CrtAbsent implements BooleanSupplier {

        @Override
        public boolean getAsBoolean() {
            try {
                Class.forName("software.amazon.awssdk.crt.checksums.CRC64NVME", false,
                        Target_ChecksumProvider.class.getClassLoader());
                return false;
            } catch (ClassNotFoundException e) {
                return true;
            }
        }
    }
}
