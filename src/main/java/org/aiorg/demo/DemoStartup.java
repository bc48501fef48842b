package org.aiorg.demo;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/** {@code serve --demo}: the demo tenant and backlog exist before the first request. */
@Component
@ConditionalOnBooleanProperty("aiorg.demo")
class DemoStartup implements ApplicationRunner {

    private final DemoBacklog backlog;

    DemoStartup(DemoBacklog backlog) {
        this.backlog = backlog;
    }

    @Override
    public void run(ApplicationArguments args) {
        backlog.load(DemoBacklog.DEMO);
    }
}
