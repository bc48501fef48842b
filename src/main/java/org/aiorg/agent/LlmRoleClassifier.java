package org.aiorg.agent;

import java.util.Locale;
import java.util.Optional;
import org.aiorg.task.Role;
import org.aiorg.task.RoleClassifier;
import org.aiorg.tenant.Tenant;

/**
 * Asks the LLM for the role ({@code prompts/classifier.j2}) and accepts only an answer that is
 * exactly one role name (case, surrounding quotes and a final full stop aside). A refused budget,
 * a failed call or any other answer falls back to the keyword table.
 */
final class LlmRoleClassifier implements RoleClassifier {

    private static final int MAX_TOKENS = 8;

    private final GatedCall llm;
    private final Prompts prompts;

    LlmRoleClassifier(GatedCall llm, Prompts prompts) {
        this.llm = llm;
        this.prompts = prompts;
    }

    @Override
    public Classification classify(Tenant tenant, String description) {
        try {
            Optional<Role> role = llm.ask(tenant.id(), "classify", prompts.classifier(tenant, description), MAX_TOKENS)
                    .flatMap(LlmRoleClassifier::parse);
            if (role.isPresent()) {
                return new Classification(role.get(), "llm");
            }
        } catch (RuntimeException e) {
            // a template error at run time: fall back like any other failure
        }
        return new Classification(KeywordRoleClassifier.roleFor(description), "keywords");
    }

    /** One role name and nothing else; {@code "Dev."}, {@code `qa`} pass, {@code "dev or qa"} does not. */
    static Optional<Role> parse(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        String s = answer.strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() >= 2 && "\"'`".indexOf(s.charAt(0)) >= 0 && s.charAt(s.length() - 1) == s.charAt(0)) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return Role.parse(s.toLowerCase(Locale.ROOT));
    }
}
