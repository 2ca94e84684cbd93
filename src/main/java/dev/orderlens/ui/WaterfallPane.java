package dev.orderlens.ui;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.layout.Waterfall;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * The waterfall of a selected request: one bar per request of its chain across the layers (guest,
 * the flushes its flush machinery issued, virtio, host), each cut into its phases, and the
 * cross-layer connectors on a last row; below the chart, the same as text with every duration.
 */
public final class WaterfallPane extends BorderPane {
    private static final double LABEL_W = 230;
    private static final double ROW_H = 20;
    private static final Map<String, Color> PHASE_COLORS =
            Map.of(
                    "Q2G",
                    Color.web("#9db9d8"),
                    "G2I",
                    Color.web("#6f9bc8"),
                    "I2D",
                    Color.web("#e8a54b"),
                    "G2D",
                    Color.web("#e8a54b"),
                    "Q2D",
                    Color.web("#e8a54b"),
                    "Q2I",
                    Color.web("#6f9bc8"),
                    "D2C",
                    Color.web("#5aa86e"),
                    "I2C",
                    Color.web("#5aa86e"),
                    "G2C",
                    Color.web("#5aa86e"),
                    "Q2C",
                    Color.web("#5aa86e"));

    private final Canvas canvas = new Canvas(640, 60);
    private final VBox text = new VBox(2);
    private Waterfall waterfall;
    private boolean dark;

    /** Draws on the dark theme's background (the main window's theme). */
    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    public WaterfallPane() {
        setId("waterfall");
        canvas.setId("waterfall-canvas");
        text.setId("waterfall-text");
        Pane chart = new Pane(canvas);
        chart.setMinWidth(0); // the canvas follows the pane's width, it does not set it
        chart.setPrefWidth(0);
        chart.widthProperty()
                .addListener(
                        (o, a, w) -> {
                            canvas.setWidth(Math.max(LABEL_W + 100, w.doubleValue()));
                            draw();
                        });
        setCenter(new VBox(4, chart, text)); // a VBox gives the wrapped lines the height they need
        setPadding(new Insets(8));
        text.getChildren().add(new Label("Select a request to see its phases across the layers."));
    }

    /**
     * Shows the chain of {@code row} (cross may be null or unavailable: then the request alone).
     */
    public void show(Trace trace, CrossLayer cross, int row) {
        waterfall = Waterfall.of(trace, cross, row);
        text.getChildren().clear();
        for (String line : lines()) {
            Label l = new Label(line);
            l.setWrapText(true);
            text.getChildren().add(l);
        }
        canvas.setHeight(
                ROW_H * (waterfall.bars().size() + (waterfall.links().isEmpty() ? 0 : 1)) + 18);
        draw();
    }

    public Waterfall waterfall() {
        return waterfall;
    }

    /** Forgets the request shown (another trace is shown: its rows mean nothing there). */
    public void clear() {
        waterfall = null;
        text.getChildren()
                .setAll(new Label("Select a request to see its phases across the layers."));
        canvas.setHeight(18);
        draw();
    }

    /** The waterfall as text: a line per bar with its phases, then the cross-layer segments. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (waterfall == null) {
            return out;
        }
        for (Waterfall.Bar b : waterfall.bars()) {
            StringBuilder sb =
                    new StringBuilder(b.label())
                            .append(": ")
                            .append(Time.formatDuration(b.endNs() - b.startNs()));
            for (Waterfall.Part p : b.phases()) {
                sb.append(", ")
                        .append(p.name())
                        .append(' ')
                        .append(Time.formatDuration(p.duration()));
            }
            out.add(sb.toString());
        }
        if (!waterfall.links().isEmpty()) {
            StringBuilder sb = new StringBuilder("between the layers:");
            for (Waterfall.Part p : waterfall.links()) {
                sb.append(' ')
                        .append(p.name())
                        .append(' ')
                        .append(Time.formatDuration(p.duration()))
                        .append(',');
            }
            out.add(sb.substring(0, sb.length() - 1));
        }
        return out;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(dark ? Color.web("#1c1d20") : Color.WHITE);
        g.fillRect(0, 0, w, h);
        Color ink = dark ? Color.gray(0.85) : Color.gray(0.2);
        if (waterfall == null || waterfall.bars().isEmpty()) {
            return;
        }
        long t0 = waterfall.startNs();
        double span = Math.max(1, waterfall.endNs() - t0);
        double plotW = w - LABEL_W - 10;
        g.setTextBaseline(VPos.CENTER);
        int i = 0;
        for (Waterfall.Bar b : waterfall.bars()) {
            double y = i++ * ROW_H;
            g.setFill(ink);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(b.label(), 4, y + ROW_H / 2, LABEL_W - 8);
            for (Waterfall.Part p : b.phases()) {
                double x0 = LABEL_W + (p.startNs() - t0) / span * plotW;
                double x1 = LABEL_W + (p.endNs() - t0) / span * plotW;
                g.setFill(PHASE_COLORS.getOrDefault(p.name(), Color.gray(0.6)));
                g.fillRect(x0, y + 4, Math.max(1, x1 - x0), ROW_H - 8);
            }
        }
        if (!waterfall.links().isEmpty()) {
            double y = i * ROW_H;
            g.setFill(ink);
            g.fillText("between the layers", 4, y + ROW_H / 2, LABEL_W - 8);
            g.setStroke(Color.web("#b05fc0"));
            g.setLineWidth(2);
            for (Waterfall.Part p : waterfall.links()) {
                double x0 = LABEL_W + (p.startNs() - t0) / span * plotW;
                double x1 = LABEL_W + (p.endNs() - t0) / span * plotW;
                g.strokeLine(x0, y + ROW_H / 2, Math.max(x0 + 1, x1), y + ROW_H / 2);
                g.strokeLine(x0, y + 5, x0, y + ROW_H - 5);
            }
            g.setLineWidth(1);
        }
        g.setFill(dark ? Color.gray(0.7) : Color.gray(0.4));
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Time.formatDuration(waterfall.endNs() - t0), w - 4, h - 8);
    }
}
