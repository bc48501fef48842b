package org.aiorg.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** Database options shared by every command that opens the database. */
class DbOptions {

    @Option(names = "--db-url", paramLabel = "URL",
            description = "Database: jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB or postgresql://USER:PASS@HOST/DB"
                    + " (env AIORG_DB_URL; default jdbc:sqlite:./data/ai-org.db)")
    String dbUrl;

    void putInto(Map<String, Object> props) {
        if (dbUrl != null) {
            props.put("aiorg.db.url", dbUrl);
        }
    }
}
