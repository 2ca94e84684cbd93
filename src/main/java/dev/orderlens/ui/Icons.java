package dev.orderlens.ui;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;

/** Loads the icons bundled from icons/ (rendered from their SVGs by scripts/render-icons.sh). */
final class Icons {
    private static final int[] APP_SIZES = {16, 32, 48, 64, 128, 256};
    private static final String TOOLBAR_CLASS = "toolbar-icon";
    private static final Map<String, Image> CACHE = new HashMap<>();

    private Icons() {
    }

    static Image load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            InputStream in = Icons.class.getResourceAsStream("/dev/orderlens/icons/" + n);
            return in == null ? null : new Image(in);
        });
    }

    static void applyAppIcon(Stage stage) {
        for (int size : APP_SIZES) {
            Image img = load("orderlens-" + size + ".png");
            if (img != null) {
                stage.getIcons().add(img);
            }
        }
    }

    /** A toolbar icon (toolbar-NAME.svg) shown at {@code size} px, sharp on high-density screens. */
    static ImageView view(String name, int size) {
        ImageView v = new ImageView();
        v.getStyleClass().add(TOOLBAR_CLASS);
        v.setUserData(name);
        v.setFitWidth(size);
        v.setFitHeight(size);
        v.setSmooth(true);
        v.setImage(toolbar(name, false));
        return v;
    }

    private static Image toolbar(String name, boolean dark) {
        // the 32 px rendering scaled down stays crisp at 2x output scale
        return load("toolbar-" + name + (dark ? "-dark" : "") + "-32.png");
    }

    /** Swaps every toolbar icon under {@code root} to the light or dark rendering. */
    static void retheme(Parent root, boolean dark) {
        for (Node n : root.lookupAll("." + TOOLBAR_CLASS)) {
            if (n instanceof ImageView v && v.getUserData() instanceof String name) {
                v.setImage(toolbar(name, dark));
            }
        }
    }
}
