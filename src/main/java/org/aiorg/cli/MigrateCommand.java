package org.aiorg.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Callable;
import org.aiorg.db.DbProperties;
import org.aiorg.db.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database migrations and exit.")
class MigrateCommand implements Callable<Integer> {

    @Mixin
    DbOptions db;

    @Override
    public Integer call() {
        String url = db.dbUrl != null ? db.dbUrl : System.getenv().getOrDefault("AIORG_DB_URL", DbProperties.DEFAULT_URL);
        DbProperties props = new DbProperties(url, System.getenv("AIORG_DB_USERNAME"), System.getenv("AIORG_DB_PASSWORD"), 2);
        try (HikariDataSource ds = Migrations.dataSource(props)) {
            Migrations.Result result = Migrations.migrate(ds);
            System.out.printf("Applied %d migration(s); schema version %s.%n", result.applied(), result.version());
        }
        return 0;
    }
}
