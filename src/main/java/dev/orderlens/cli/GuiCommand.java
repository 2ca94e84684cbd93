package dev.orderlens.cli;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code orderlens gui [FILE...]}: starts the desktop app, on the bundled sample when no file is
 * given.
 */
@Command(
        name = "gui",
        mixinStandardHelpOptions = true,
        description = "Start the desktop app (opens the bundled sample when no FILE is given).")
final class GuiCommand implements Runnable {
    /** Loaded by name: the CLI must not depend on the ui package (or JavaFX) to run headless. */
    static final String LAUNCHER = "dev.orderlens.ui.Launcher";

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Trace files to open.")
    List<Path> files = new ArrayList<>();

    @Override
    public void run() {
        launch(files);
    }

    /**
     * Whether {@code args} are a plain {@code gui [FILE...]}, which {@link Main} starts without
     * building the command line: picocli's model of every command costs the app's start-up a few
     * hundred classes (compiled for Java 5, so the class-data archive cannot hold them) and their
     * reflection. Anything else (an option, {@code --help}) goes through picocli as before.
     */
    static boolean isPlainLaunch(String[] args) {
        if (args.length == 0 || !args[0].equals("gui")) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** Starts the app on these files; returns when its window closes. */
    static void launch(List<Path> files) {
        // a file that cannot be opened is reported here and in the window, which opens anyway
        for (Path p : files) {
            if (!Files.isReadable(p)) {
                System.err.println(
                        "orderlens: "
                                + p
                                + ": "
                                + (Files.exists(p) ? "cannot be read" : "no such file"));
            }
        }
        String[] args = files.stream().map(Path::toString).toArray(String[]::new);
        try {
            Class.forName(LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new UserError(
                    "the desktop app is not available in this build (JavaFX missing?): "
                            + e.getMessage(),
                    1);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new UserError("the desktop app could not start: " + cause, 1);
        } catch (ReflectiveOperationException e) {
            throw new UserError("the desktop app could not start: " + e, 1);
        }
    }
}
