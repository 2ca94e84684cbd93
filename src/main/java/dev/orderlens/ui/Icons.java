package dev.orderlens.ui;

import java.io.InputStream;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** Loads the icons bundled from icons/. */
final class Icons {
    private static final int[] APP_SIZES = {16, 32, 48, 64, 128, 256};

    private Icons() {
    }

    static Image load(String name) {
        InputStream in = Icons.class.getResourceAsStream("/dev/orderlens/icons/" + name);
        return in == null ? null : new Image(in);
    }

    static void applyAppIcon(Stage stage) {
        for (int size : APP_SIZES) {
            Image img = load("orderlens-" + size + ".png");
            if (img != null) {
                stage.getIcons().add(img);
            }
        }
    }
}
