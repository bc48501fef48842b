package org.aiorg.security;

/**
 * The configuration is unsafe or incomplete; the message says in one line what to change. The
 * service refuses to start rather than run without (or with weak) authentication.
 */
public class StartupRefused extends RuntimeException {

    public StartupRefused(String message) {
        super(message);
    }
}
