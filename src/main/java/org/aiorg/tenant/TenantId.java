package org.aiorg.tenant;

import java.util.regex.Pattern;
import org.aiorg.common.ClientError;

/** A tenant's id: a lower-case slug, 1-64 characters. */
public record TenantId(String value) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public TenantId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw ClientError.invalid("tenant", "must be a slug of 1-64 characters: a-z, 0-9, '-' or '_'");
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
