package org.aiorg.agent;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.aiorg.task.RelevanceScorer;
import org.aiorg.tenant.Tenant;

/**
 * A deterministic relevance score without an LLM: the share of the description's content words
 * (stop words removed, crude stemming) that also occur in the tenant's purpose, mapped to
 * 0.1..1.0 so that no task sinks to zero value density for want of shared words. With no
 * purpose set, every task scores a neutral 0.5.
 */
public final class LexicalRelevanceScorer implements RelevanceScorer {

    static final double NEUTRAL = 0.5;
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "is", "are", "be",
            "as", "it", "its", "this", "that", "our", "we", "us", "all", "into", "so", "can", "will", "new", "add");

    @Override
    public Score score(Tenant tenant, String description) {
        return new Score(relevance(tenant.purpose(), description), "lexical");
    }

    /** The last purpose seen and its words: tenants' purposes rarely change, tasks arrive often. */
    private static volatile Object[] lastPurpose = {null, Set.of()};

    public static double relevance(String purpose, String description) {
        Set<String> purposeWords = purposeWords(purpose);
        if (purposeWords.isEmpty()) {
            return NEUTRAL;
        }
        Set<String> taskWords = words(description);
        if (taskWords.isEmpty()) {
            return 0.1;
        }
        long shared = taskWords.stream().filter(purposeWords::contains).count();
        double share = (double) shared / taskWords.size();
        // sqrt rewards the first shared words most: one shared word in five already counts.
        double score = 0.1 + 0.9 * Math.min(1.0, Math.sqrt(share * 2));
        return Math.round(score * 1000) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> purposeWords(String purpose) {
        Object[] last = lastPurpose;
        if (purpose != null && purpose.equals(last[0])) {
            return (Set<String>) last[1];
        }
        Set<String> words = words(purpose);
        lastPurpose = new Object[] {purpose, words};
        return words;
    }

    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        if (text == null) {
            return out;
        }
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (raw.length() < 2 || STOP.contains(raw)) {
                continue;
            }
            out.add(stem(raw));
        }
        return out;
    }

    private static String stem(String w) {
        for (String suffix : new String[] {"ing", "ers", "ies", "es", "ed", "er", "s"}) {
            if (w.length() > suffix.length() + 3 && w.endsWith(suffix)) {
                return w.substring(0, w.length() - suffix.length());
            }
        }
        return w;
    }
}
