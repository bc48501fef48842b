package org.aiorg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ai-org", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "AI-Org: LLM agents with roles working through a tenant's backlog under a token budget.",
        subcommands = {ServeCommand.class, WorkerCommand.class, MigrateCommand.class, OrchestratorCommand.class, SeedGraphCommand.class, BudgetCommand.class, TokenCommand.class,
                TenantCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public class Cli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String... args) {
        return new CommandLine(new Cli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
