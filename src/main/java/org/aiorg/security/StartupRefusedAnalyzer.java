package org.aiorg.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link StartupRefused} as its message alone, without a stack trace. */
class StartupRefusedAnalyzer extends AbstractFailureAnalyzer<StartupRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable root, StartupRefused cause) {
        return new FailureAnalysis(cause.getMessage(), "See the Security section of the README.", cause);
    }
}
