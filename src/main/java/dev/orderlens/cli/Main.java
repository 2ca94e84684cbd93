package dev.orderlens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code orderlens} command. Runs headless: nothing here touches JavaFX, and {@code gui} starts
 * the app by class name so the CLI works on machines without a display or JavaFX natives.
 */
@Command(
        name = "orderlens",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Shows how block I/O was ordered and what would survive a crash.",
        subcommands = {
            InfoCommand.class,
            AnalyzeCommand.class,
            StatsCommand.class,
            SimulateCommand.class,
            ExportCommand.class,
            GuiCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(Main::badUsage);
        cl.setExecutionExceptionHandler(Main::failure);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr()
                .println(
                        "orderlens: "
                                + e.getMessage()
                                + " (see '"
                                + cl.getCommandSpec().qualifiedName()
                                + " --help')");
        return 2;
    }

    private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof UserError u) {
            cl.getErr().println("orderlens: " + u.getMessage());
            return u.exitCode();
        }
        cl.getErr().println("orderlens: internal error: " + e);
        e.printStackTrace(cl.getErr());
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
