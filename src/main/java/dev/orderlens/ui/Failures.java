package dev.orderlens.ui;

import java.util.function.BiConsumer;
import javafx.application.Platform;

/**
 * What went wrong in the background, told twice: the log gets the whole stack trace (see {@link
 * AppLog}), the user one line. Also the app's default uncaught-exception handler, so an exception
 * nobody caught (on the FX thread or a worker) is logged and shown instead of only printed to a
 * terminal the user may not have.
 */
final class Failures {
    private static final System.Logger LOG = System.getLogger("dev.orderlens.ui");

    private Failures() {}

    /**
     * Logs {@code e} with its stack trace under {@code what} and returns the one line for the user:
     * "what: message" (the exception's own message, else its simple class name, first line only).
     */
    static String report(String what, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, what, e);
        return what + ": " + oneLine(e);
    }

    /** The exception in one line a user can read (no class names when it has a message). */
    static String oneLine(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return outOfMemory();
        }
        Throwable shown = e;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String m = shown.getMessage();
        if (m == null || m.isBlank()) {
            return shown.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Running out of heap, with the heap's size and how to get a larger one. */
    static String outOfMemory() {
        return "out of memory (the Java heap holds at most "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB); start OrderLens with a larger heap, e.g. ORDERLENS_HEAP=8g orderlens gui";
    }

    /**
     * Makes every uncaught exception (any thread) logged and shown through {@code show(header,
     * line)} on the FX thread.
     */
    static void installUncaughtHandler(BiConsumer<String, String> show) {
        Thread.UncaughtExceptionHandler handler =
                (thread, e) -> {
                    String line = report("Unexpected error on thread " + thread.getName(), e);
                    Runnable tell =
                            () -> show.accept("Something went wrong (details in the log)", line);
                    if (Platform.isFxApplicationThread()) {
                        tell.run();
                    } else {
                        Platform.runLater(tell);
                    }
                };
        Thread.setDefaultUncaughtExceptionHandler(handler);
        // the FX thread has its own handler slot; JavaFX consults it before the default one
        Runnable onFx = () -> Thread.currentThread().setUncaughtExceptionHandler(handler);
        if (Platform.isFxApplicationThread()) {
            onFx.run();
        } else {
            Platform.runLater(onFx);
        }
    }
}
