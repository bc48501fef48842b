package org.aiorg.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Dev mode ({@code aiorg.dev=true}, {@code serve --dev}) trusts the {@code X-Tenant} header and
 * needs no token, so it is only allowed on a loopback address.
 */
public final class DevMode {

    private DevMode() {}

    /** Null when {@code bind} is a loopback address, else in one line why dev mode is refused. */
    public static String bindProblem(String bind) {
        String hint = "Dev mode (--dev) trusts the X-Tenant header and needs no token, so it only listens on loopback (--bind 127.0.0.1)";
        if (bind == null || bind.isBlank()) {
            return hint + "; the service would listen on every interface.";
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(bind.strip())) {
                if (!a.isLoopbackAddress()) {
                    return hint + ", not " + bind.strip() + ".";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return hint + "; cannot resolve " + bind.strip() + ".";
        }
    }
}
