package org.tinyprune.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content fingerprints for dataset and board-profile identities: the same bytes give the same
 * fingerprint wherever the file lives.
 */
public final class Fingerprints {

    private Fingerprints() {}

    /** {@code sha256:} followed by the first 16 hex digits of the SHA-256 of the files' bytes. */
    public static String sha256(Path... files) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** The same fingerprint over in-memory bytes. */
    public static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256Digest().digest(bytes)).substring(0, 16);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    "this JVM lacks SHA-256, which every Java SE must provide", e);
        }
    }
}
