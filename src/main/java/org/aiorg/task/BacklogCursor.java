package org.aiorg.task;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.aiorg.common.ClientError;

/**
 * Where a backlog page ended: the last task's sort key. Keyset pagination stays fast and
 * stable on a large backlog, unlike an offset.
 */
public record BacklogCursor(double density, long createdAtMillis, String id) {

    static BacklogCursor after(Task t) {
        return new BacklogCursor(t.valueDensity(), t.createdAt().toEpochMilli(), t.id());
    }

    public String encode() {
        String raw = Double.toString(density) + "|" + createdAtMillis + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static BacklogCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 3);
            double density = Double.parseDouble(parts[0]);
            if (!Double.isFinite(density) || !TaskIds.wellFormed(parts[2])) {
                throw new IllegalArgumentException();
            }
            return new BacklogCursor(density, Long.parseLong(parts[1]), parts[2]);
        } catch (RuntimeException e) {
            throw ClientError.invalid("cursor", "is not a cursor this service gave out");
        }
    }
}
