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
