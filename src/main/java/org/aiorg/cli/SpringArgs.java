package org.aiorg.cli;

import java.util.Map;

/**
 * CLI options become Spring command-line arguments ({@code --key=value}): those outrank
 * application.yml and the environment, as a user who typed an option expects.
 */
final class SpringArgs {

    private SpringArgs() {}

    /**
     * What a command that only reads or changes a few rows needs: no web server and none of the
     * background loops of {@code serve} (workers, lease maintenance, orchestrator, budget sweeper,
     * Neo4j relay), so that it does its one job and exits without touching anything else.
     */
    static Map<String, Object> toolContext() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("spring.main.web-application-type", "none");
        props.put("aiorg.worker.enabled", false);
        props.put("aiorg.worker.maintenance", false);
        props.put("aiorg.orchestrator.enabled", false);
        props.put("aiorg.budget.sweeper", false);
        props.put("aiorg.neo4j.relay", false);
        props.put("aiorg.demo", false);
        return props;
    }

    static String[] of(Map<String, Object> props) {
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
