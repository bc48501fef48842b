package org.aiorg;

import java.time.InstantSource;
import org.aiorg.cli.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** AI-Org: one jar, subcommands ({@code serve}, {@code migrate}, {@code version}, ...). */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class AiOrgApplication {

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }

    /** Injected everywhere time matters, so that tests move time instead of sleeping. */
    @Bean
    InstantSource clock() {
        return InstantSource.system();
    }
}
