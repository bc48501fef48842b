package org.aiorg.budget;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.aiorg.common.ClientError;

/** Where a ledger page ended: the last row's time and id (keyset pagination). */
record LedgerCursor(long atMillis, String id) {

    static LedgerCursor after(LedgerEntry e) {
        return new LedgerCursor(e.at().toEpochMilli(), e.id());
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((atMillis + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static LedgerCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
            if (!parts[1].matches("[0-9a-f]{24}")) {
                throw new IllegalArgumentException();
            }
            return new LedgerCursor(Long.parseLong(parts[0]), parts[1]);
        } catch (RuntimeException e) {
            throw ClientError.invalid("cursor", "is not a cursor this service gave out");
        }
    }
}
