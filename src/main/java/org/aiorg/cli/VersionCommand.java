package org.aiorg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version and exit.")
class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("ai-org " + version());
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("build.version", "dev") + " (built " + p.getProperty("build.time", "?") + ")";
        } catch (IOException e) {
            return "dev";
        }
    }

    static class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ai-org " + version(), "Java " + Runtime.version()};
        }
    }
}
