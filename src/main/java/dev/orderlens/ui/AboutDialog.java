package dev.orderlens.ui;

import javafx.scene.control.Alert;
import javafx.stage.Window;

/** Help → About. */
final class AboutDialog {
    private AboutDialog() {}

    static void show(Window owner) {
        String version = AboutDialog.class.getPackage().getImplementationVersion();
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        Dialogs.place(a, owner);
        a.setTitle("About OrderLens");
        a.setHeaderText("OrderLens " + (version == null ? "(development build)" : version));
        a.setContentText(
                "Shows how block I/O was ordered across the guest, the virtio queue, the host cache and "
                        + "the device, and which writes would survive a crash.\n\nJava "
                        + System.getProperty("java.version")
                        + ", JavaFX "
                        + System.getProperty("javafx.runtime.version", "?"));
        a.show();
    }
}
