package org.aiorg.agent;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts with jtokkit's {@code o200k_base} (the GPT-4o family's encoding). Other models
 * tokenise a little differently; the budget settles with the provider's reported usage, so the
 * count only has to be close enough to size the reservation.
 */
public final class Tokens {

    /** Chat framing around one user message (role markers, priming of the answer). */
    public static final int CHAT_OVERHEAD = 8;

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private Tokens() {}

    /** Loads the encoding (a second or so) now rather than in the first task. */
    public static void warmUp() {
        count("warm up");
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokens(text);
    }

    /** Input tokens a chat request with this prompt as its one message is billed for. */
    public static long prompt(String prompt) {
        return count(prompt) + CHAT_OVERHEAD;
    }

    /** The longest prefix of the text that has at most {@code maxTokens} tokens (the text itself when it fits). */
    public static String truncate(String text, int maxTokens) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (maxTokens <= 0) {
            return "";
        }
        EncodingResult r = ENCODING.encode(text, maxTokens);
        if (!r.isTruncated()) {
            return text;
        }
        int end = r.getLastProcessedCharacterIndex();
        return end < 0 ? "" : text.substring(0, Math.min(text.length(), end + 1));
    }
}
