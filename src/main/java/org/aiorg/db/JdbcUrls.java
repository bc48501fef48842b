package org.aiorg.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns the URL forms users write into a JDBC URL plus credentials. */
public final class JdbcUrls {

    /** A JDBC URL with the user and password that were found in it (or null). */
    public record Resolved(String jdbcUrl, String username, String password) {}

    private JdbcUrls() {}

    public static Resolved resolve(String url, String username, String password) {
        String u = url.trim();
        if (u.startsWith("postgres://") || u.startsWith("postgresql://")) {
            URI uri = URI.create(u);
            String user = username;
            String pass = password;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                if (parts.length > 1) {
                    pass = decode(parts[1]);
                }
            }
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Resolved("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, pass);
        }
        if (u.startsWith("sqlite:")) {
            u = "jdbc:" + u;
        }
        return new Resolved(u, username, password);
    }

    /** Creates the folder of a SQLite file so that a fresh clone starts without set-up. */
    public static void ensureSqliteFolder(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the database folder " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The URL without a password, for logs and error messages. */
    public static String redact(String url) {
        return url.replaceAll("(?<=://)([^:/@]+):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
