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

    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    public static void main(String[] args) {
        // What went wrong (System.Logger, e.g. an unusable trace cache) as one line on stderr, not
        // java.util.logging's default timestamp line plus message line. Set before the first
        // logger.
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, "orderlens: %4$s: %5$s%6$s%n");
        }
        if (GuiCommand.isPlainLaunch(args)) {
            System.exit(launchGui(args));
        }
        System.exit(run(args));
    }

    /** {@code gui FILE...} without picocli (see {@link GuiCommand#isPlainLaunch}). */
    static int launchGui(String[] args) {
        java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
        try {
            for (int i = 1; i < args.length; i++) {
                files.add(java.nio.file.Path.of(args[i]));
            }
            GuiCommand.launch(files);
            return 0;
        } catch (java.nio.file.InvalidPathException e) {
            System.err.println("orderlens: " + e.getMessage());
            return 2;
        } catch (UserError e) {
            System.err.println("orderlens: " + e.getMessage());
            return e.exitCode();
        }
    }

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /**
     * Executes with a last-resort handler: picocli hands exceptions to {@link #failure}, but an
     * Error (OutOfMemoryError, StackOverflowError) escapes it; either way the user gets one line.
     */
    public static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            LOG.log(System.Logger.Level.DEBUG, "out of memory", e);
            cl.getErr().println("orderlens: " + outOfMemory(inputsOf(cl, args)));
            cl.getErr().flush();
            return 1;
        } catch (Throwable e) { // the last resort: one line, never a raw stack trace
            cl.getErr().println(internalError(e, inputsOf(cl, args)));
            cl.getErr().flush();
            return 1;
        }
    }

    /** The one-line message for running out of heap, naming the inputs and how to get more. */
    static String outOfMemory(String inputs) {
        return (inputs.isEmpty() ? "" : inputs + ": ")
                + "out of memory (the Java heap holds at most "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB); give Java more with ORDERLENS_HEAP, e.g. ORDERLENS_HEAP="
                + Math.max(2, 2 * Runtime.getRuntime().maxMemory() >> 30)
                + "g orderlens ..., or use a smaller trace";
    }

    private static String internalError(Throwable e, String inputs) {
        LOG.log(System.Logger.Level.DEBUG, "internal error", e);
        if (e instanceof OutOfMemoryError) {
            return "orderlens: " + outOfMemory(inputs);
        }
        String what =
                e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return "orderlens: internal error"
                + (inputs.isEmpty() ? "" : " while working on " + inputs)
                + ": "
                + e.getClass().getSimpleName()
                + what
                + " (a bug: please report it with the input; the stack trace is logged at DEBUG"
                + " level, see docs/cli.md)";
    }

    /** The command line's file arguments (the positionals of the subcommand), for messages. */
    private static String inputsOf(CommandLine cl, String[] args) {
        try {
            CommandLine.ParseResult p = cl.getParseResult();
            if (p == null) {
                return "";
            }
            while (p.hasSubcommand()) {
                p = p.subcommand();
            }
            java.util.List<String> files = new java.util.ArrayList<>();
            for (CommandLine.Model.PositionalParamSpec pp : p.matchedPositionals()) {
                files.addAll(pp.originalStringValues());
            }
            return String.join(", ", files);
        } catch (RuntimeException e) {
            return "";
        }
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
        cl.getErr().println(internalError(e, inputsOf(cl, new String[0])));
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
