package org.aiorg.common;

import java.util.UUID;

/**
 * This process among all the processes sharing one database: host, pid and a random suffix (a
 * pid is reused after a restart, and containers often share one host name).
 */
public final class ProcessIdentity {

    /** {@code host:pid:suffix}, at most 100 characters. */
    public static final String ID = create();

    private ProcessIdentity() {}

    private static String create() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
