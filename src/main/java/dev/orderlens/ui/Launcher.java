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
        Application.launch(OrderLensApp.class, args);
    }
}
