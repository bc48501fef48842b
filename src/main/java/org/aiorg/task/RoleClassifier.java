package org.aiorg.task;

import org.aiorg.tenant.Tenant;

/** Picks the role for a task created without one. Must never fail task creation. */
public interface RoleClassifier {

    /** The chosen role and where the choice came from ({@code llm} or {@code keywords}). */
    record Classification(Role role, String source) {}

    Classification classify(Tenant tenant, String description);
}
