package io.keepsync.backup.upload;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/** The expected SHA-256 a client may send with an upload: {@code Content-Digest} (RFC 9530) or a hex header. */
public final class Checksums {

    private Checksums() {
    }

    static Optional<byte[]> expected(String contentDigest, String sha256Hex) {
        if (contentDigest != null && !contentDigest.isBlank()) {
            for (String member : contentDigest.split(",")) {
                String[] pair = member.trim().split("=", 2);
                if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("sha-256")) {
                    String value = pair[1].trim();
                    if (!value.startsWith(":") || !value.endsWith(":") || value.length() < 2) {
                        throw invalid("Content-Digest");
                    }
                    try {
                        return Optional.of(Base64.getDecoder().decode(value.substring(1, value.length() - 1)));
                    } catch (IllegalArgumentException e) {
                        throw invalid("Content-Digest");
                    }
                }
            }
        }
        if (sha256Hex != null && !sha256Hex.isBlank()) {
            try {
                byte[] bytes = HexFormat.of().parseHex(sha256Hex.trim().toLowerCase());
                if (bytes.length == 32) {
                    return Optional.of(bytes);
                }
            } catch (IllegalArgumentException e) {
                // falls through
            }
            throw invalid("X-Content-SHA256");
        }
        return Optional.empty();
    }

    /** The {@code Repr-Digest} header value (RFC 9530) of a hex SHA-256. */
    public static String reprDigest(String hex) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)) + ":";
    }

    static ProblemException mismatch() {
        return new ProblemException(ProblemType.CHECKSUM_MISMATCH,
                "The SHA-256 of the uploaded bytes differs from the one sent with them; nothing was stored");
    }

    private static ProblemException invalid(String header) {
        return ProblemException.invalid(header, "must carry a SHA-256 digest");
    }
}
