package dev.orderlens.ui;

import javafx.application.Application;

/**
 * Entry point for the desktop app. It must not extend {@link Application}: on the classpath, JavaFX
 * refuses to start a main class that does.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        StartupMarks.mark("main");
        // the log file opens while JavaFX starts, not on the FX thread before the window (ADR 0380;
        // start() still waits for it)
        Thread log = new Thread(AppLog::install, "orderlens-log");
        log.setDaemon(true);
        log.start();
        Application.launch(OrderLensApp.class, args);
    }
}
