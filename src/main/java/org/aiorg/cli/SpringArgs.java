package org.aiorg.cli;

import java.util.Map;

/**
 * CLI options become Spring command-line arguments ({@code --key=value}): those outrank
 * application.yml and the environment, as a user who typed an option expects.
 */
final class SpringArgs {

    private SpringArgs() {}

    static String[] of(Map<String, Object> props) {
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
