package org.aiorg.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The self-hosted HS256 key: {@code AIORG_JWT_SECRET} if set, else the key file, which is created
 * with 32 random bytes (base64url text) and mode 0600 when missing. {@code serve} and
 * {@code ai-org token} read it the same way, so tokens printed by one verify in the other.
 */
final class JwtSecret {

    static final int MIN_BYTES = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private JwtSecret() {}

    /**
     * @param notice told (one line) when the key file is created or readable by others
     */
    static SecretKey load(AuthProperties.Jwt jwt, Consumer<String> notice) {
        if (jwt.secret() != null) {
            return key(jwt.secret(), "AIORG_JWT_SECRET");
        }
        Path file = jwt.secretFile();
        try {
            if (Files.notExists(file)) {
                create(file);
                notice.accept("Created the token signing key " + file.toAbsolutePath() + " (mode 0600); keep it secret.");
            } else if (isShared(file)) {
                notice.accept("The token signing key " + file.toAbsolutePath() + " is readable by other users: chmod 600 it.");
            }
            return key(Files.readString(file, StandardCharsets.UTF_8).strip(), "the key file " + file);
        } catch (IOException e) {
            throw new StartupRefused("Cannot read or create the token signing key " + file.toAbsolutePath() + " (" + e.getMessage()
                    + "): set AIORG_JWT_SECRET or AIORG_JWT_SECRET_FILE.");
        }
    }

    private static SecretKey key(String secret, String source) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new StartupRefused("The token secret from " + source + " has " + bytes.length + " bytes; it needs at least "
                    + MIN_BYTES + " (e.g. `openssl rand -base64 48`).");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** Written to a private temporary file first, so that no reader ever sees a half-written key. */
    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] random = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(random);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
        Path tmp = posix(dir)
                ? Files.createTempFile(dir, ".jwt-secret", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".jwt-secret", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            // why: without REPLACE_EXISTING a key written meanwhile by another process wins and stays
            Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean isShared(Path file) throws IOException {
        if (!posix(file.toAbsolutePath().getParent())) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p) && p != PosixFilePermission.OWNER_EXECUTE);
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
