package org.aiorg.task;

import java.util.Set;

/** A filtered, sorted page of a tenant's tasks (the dashboard's table). */
public record TaskQuery(Set<TaskStatus> statuses, Set<Role> roles, Sort sort, boolean descending, int limit, int offset) {

    public enum Sort {
        CREATED_AT("created_at"), EST_VALUE("est_value"), TOKENS_PLAN("tokens_plan"),
        PURPOSE_RELEVANCE("purpose_relevance"), VALUE_DENSITY("value_density"), STATUS("status"), ROLE("role"),
        UPDATED_AT("updated_at");

        private final String column;

        Sort(String column) {
            this.column = column;
        }

        /** A fixed column name: never user text, so safe to put in SQL. */
        String column() {
            return column;
        }

        public String wire() {
            return column;
        }
    }

    public TaskQuery {
        statuses = Set.copyOf(statuses);
        roles = Set.copyOf(roles);
    }
}
