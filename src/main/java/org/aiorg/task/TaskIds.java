package org.aiorg.task;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Task ids: 8 random base62 characters (about 2 * 10^14 values). */
final class TaskIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("[0-9A-Za-z]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskIds() {}

    static String next() {
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /** Ids of another shape cannot exist: answer them as unknown without a query. */
    static boolean wellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
