package dev.orderlens.layout;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.BlockMap.SectorClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the crash pane's block map draws each run of sectors: runs flow left to right in (device,
 * sector) order and wrap like the lines of a hex dump, each line starting with its first sector
 * number in a gutter; a run is {@code sectors × pxPerSector} wide (at least {@link #MIN_CELL} so a
 * one-sector run stays visible) and splits across lines when it does not fit; untouched sectors
 * between runs are elided to a short gap marker; a new device starts a new heading. A legend of the
 * classes is the first line. Plain geometry: the view zooms by changing {@code pxPerSector},
 * scrolls by painting from {@code scrollY}.
 */
public final class BlockMapLayout {
    /** Height of one line of the legend. */
    public static final double LEGEND_LINE = 18;

    public static final double HEADING_H = 18;
    public static final double ROW_H = 14;
    public static final double ROW_GAP = 4;
    public static final double GUTTER = 72;
    public static final double GAP_W = 9;
    public static final double MIN_CELL = 3;
    private static final double PAD = 6;

    /**
     * A piece of run {@code range} (an index into {@link BlockMap#ranges()}) covering sectors
     * [from, to).
     */
    public record Cell(int range, long from, long to, double x, double y, double w) {}

    /** Sectors nobody touched between two runs, drawn as a marker at x. */
    public record Gap(long from, long to, double x, double y) {
        public long sectors() {
            return to - from;
        }
    }

    /** A text at a place: device headings and gutter sector numbers. */
    public record Text(String text, double x, double y, boolean heading) {}

    /** What is under a point: a cell's run index, or a gap (else both null/-1). */
    public record Hit(int range, long sector, Gap gap) {
        static final Hit NONE = new Hit(-1, -1, null);
    }

    private final BlockMap map;
    private final double width;
    private final double pxPerSector;
    private final List<Cell> cells = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Text> texts = new ArrayList<>();

    /** Legend entries: x, line. */
    private final double[] legendX = new double[SectorClass.values().length];

    private final int[] legendLine = new int[SectorClass.values().length];
    private final double legendH;
    private double height;
    private final double requestedWidth;

    /**
     * @param measure measures the legend's text (null: 7 px per character)
     */
    public BlockMapLayout(BlockMap map, double width, double pxPerSector, Painter measure) {
        this.map = map;
        this.requestedWidth = width;
        this.width = Math.max(GUTTER + 40, width);
        this.pxPerSector = pxPerSector;
        double x = PAD;
        int line = 0;
        for (SectorClass c : SectorClass.values()) {
            String label = legendLabel(c);
            double w =
                    16
                            + (measure == null
                                    ? label.length() * 7
                                    : measure.textWidth(label, Painter.Font.SMALL))
                            + 14;
            if (x > PAD && x + w > this.width) {
                line++;
                x = PAD;
            }
            legendX[c.ordinal()] = x;
            legendLine[c.ordinal()] = line;
            x += w;
        }
        legendH = (line + 1) * LEGEND_LINE + 4;
        build();
    }

    public BlockMapLayout(BlockMap map, double width, double pxPerSector) {
        this(map, width, pxPerSector, null);
    }

    /** Height of the legend at the top (pinned; the map scrolls under it). */
    public double legendHeight() {
        return legendH;
    }

    private String legendLabel(SectorClass c) {
        return c.label() + " " + String.format(Locale.ROOT, "%,d", map.sectors(c));
    }

    public BlockMap map() {
        return map;
    }

    /** The width asked for (the layout's own is at least a gutter wider than nothing). */
    public double requestedWidth() {
        return requestedWidth;
    }

    public double pxPerSector() {
        return pxPerSector;
    }

    public List<Cell> cells() {
        return cells;
    }

    public List<Gap> gaps() {
        return gaps;
    }

    public List<Text> texts() {
        return texts;
    }

    public double height() {
        return height;
    }

    /** A zoom that lays the whole map out in about {@code height} pixels at this width. */
    public static double fitZoom(BlockMap map, double width, double height) {
        long sectors = Math.max(1, map.sectors());
        double lines = Math.max(1, (height - 2 * LEGEND_LINE - HEADING_H) / (ROW_H + ROW_GAP));
        double usable =
                Math.max(40, width - GUTTER - PAD) * lines * 0.8
                        - map.ranges().size() * (MIN_CELL + GAP_W);
        return clampZoom(Math.max(1.0 / 65536, usable / sectors));
    }

    public static double clampZoom(double pxPerSector) {
        return Math.max(1.0 / 65536, Math.min(32, pxPerSector));
    }

    private void build() {
        double right = width - PAD;
        double y = legendH;
        double x = GUTTER;
        int domain = Integer.MIN_VALUE;
        long prevTo = 0;
        boolean lineEmpty = true;
        List<BlockMap.Range> ranges = map.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            BlockMap.Range r = ranges.get(i);
            if (r.domain() != domain) {
                if (domain != Integer.MIN_VALUE) {
                    y += ROW_H + ROW_GAP;
                }
                texts.add(new Text(map.heading(r.domain()), PAD, y + 13, true));
                y += HEADING_H;
                x = GUTTER;
                domain = r.domain();
                lineEmpty = true;
                prevTo = r.from();
            }
            if (r.from() != prevTo) { // untouched sectors between two runs: elided
                if (x + GAP_W > right) {
                    y += ROW_H + ROW_GAP;
                    x = GUTTER;
                    lineEmpty = true;
                }
                gaps.add(new Gap(prevTo, r.from(), x, y));
                x += GAP_W;
            }
            long from = r.from();
            while (from < r.to()) {
                if (lineEmpty) {
                    texts.add(new Text(grouped(from), GUTTER - 6, y + ROW_H - 3, false));
                    lineEmpty = false;
                }
                double room = right - x;
                double need = Math.max(MIN_CELL, (r.to() - from) * pxPerSector);
                if (need <= room + 0.01) {
                    cells.add(new Cell(i, from, r.to(), x, y, need));
                    x += need;
                    from = r.to();
                } else {
                    long fit = (long) Math.floor(room / pxPerSector);
                    if (fit >= 1 && room >= MIN_CELL) {
                        cells.add(new Cell(i, from, from + fit, x, y, fit * pxPerSector));
                        from += fit;
                    }
                    y += ROW_H + ROW_GAP;
                    x = GUTTER;
                    lineEmpty = true;
                }
            }
            prevTo = r.to();
        }
        height = y + ROW_H + ROW_GAP;
    }

    /** What is at a point of the map (map coordinates, not scrolled). */
    public Hit hit(double px, double py) {
        for (Cell c : cells) {
            if (py >= c.y() && py < c.y() + ROW_H && px >= c.x() && px < c.x() + c.w()) {
                long sector =
                        c.from()
                                + (long)
                                        Math.floor(
                                                (px - c.x())
                                                        / Math.max(1e-9, c.w())
                                                        * (c.to() - c.from()));
                return new Hit(c.range(), Math.min(c.to() - 1, sector), null);
            }
        }
        for (Gap g : gaps) {
            if (py >= g.y() && py < g.y() + ROW_H && px >= g.x() && px < g.x() + GAP_W) {
                return new Hit(-1, -1, g);
            }
        }
        return Hit.NONE;
    }

    /** The first cell of a run, or null. */
    public Cell firstCell(int range) {
        for (Cell c : cells) {
            if (c.range() == range) {
                return c;
            }
        }
        return null;
    }

    /**
     * "%,d" without {@link String#format}: a map of 10^6 writes labels hundreds of thousands of
     * lines, and the formatter was most of the layout's time (on the FX thread).
     */
    static String grouped(long v) {
        String digits = Long.toString(Math.abs(v));
        if (v == Long.MIN_VALUE) {
            return String.format(Locale.ROOT, "%,d", v);
        }
        StringBuilder sb = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (v < 0) {
            sb.append('-');
        }
        int head = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        sb.append(digits, 0, head);
        for (int i = head; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    // ---- painting ----

    private static final int[] LIGHT = {0xFFDDDDDD, 0xFF009988, 0xFFEE3377, 0xFFEE7733, 0xFFCC3311};
    private static final int[] DARK = {0xFF55595F, 0xFF00A89A, 0xFFEE3377, 0xFFEE7733, 0xFFE0452A};

    /**
     * The fill of a sector class (unchanged grey, durable new teal, uncertain magenta, concurrent
     * orange, lost red).
     */
    public static int colour(SectorClass c, Palette pal) {
        return (pal.dark() ? DARK : LIGHT)[c.ordinal()];
    }

    /**
     * Paints the part of the map from {@code scrollY} down {@code viewHeight} pixels, the legend
     * pinned at the top; {@code selectedRange} (or -1) gets an outline.
     */
    public void paint(
            Painter p,
            Palette pal,
            double scrollY,
            double viewWidth,
            double viewHeight,
            int selectedRange) {
        p.fillRect(0, 0, viewWidth, viewHeight, pal.background());
        p.pushClip(0, legendH, viewWidth, Math.max(0, viewHeight - legendH));
        double top = scrollY - ROW_H;
        double bottom = scrollY + viewHeight;
        for (Cell c : cells) {
            if (c.y() < top || c.y() > bottom) {
                continue;
            }
            SectorClass k = map.ranges().get(c.range()).sectorClass();
            p.fillRect(
                    Math.floor(c.x()),
                    c.y() - scrollY,
                    Math.max(1, Math.floor(c.x() + c.w()) - Math.floor(c.x()) - 1),
                    ROW_H,
                    colour(k, pal));
        }
        for (Gap g : gaps) {
            if (g.y() < top || g.y() > bottom) {
                continue;
            }
            double gy = g.y() - scrollY;
            p.line(
                    g.x() + 2,
                    gy + ROW_H - 2,
                    g.x() + 5,
                    gy + 2,
                    pal.textDim(),
                    1,
                    Painter.Stroke.SOLID);
            p.line(
                    g.x() + 5,
                    gy + ROW_H - 2,
                    g.x() + 8,
                    gy + 2,
                    pal.textDim(),
                    1,
                    Painter.Stroke.SOLID);
        }
        for (Text t : texts) {
            if (t.y() < top || t.y() > bottom + ROW_H) {
                continue;
            }
            if (t.heading()) {
                p.text(
                        t.text(),
                        t.x(),
                        t.y() - scrollY,
                        Painter.Font.BOLD,
                        pal.text(),
                        Painter.Align.LEFT);
            } else {
                p.textElided(
                        t.text(),
                        t.x(),
                        t.y() - scrollY,
                        GUTTER - PAD - 6,
                        Painter.Font.SMALL,
                        pal.textDim(),
                        Painter.Align.RIGHT);
            }
        }
        if (selectedRange >= 0) {
            for (Cell c : cells) {
                if (c.range() == selectedRange && c.y() >= top && c.y() <= bottom) {
                    p.strokeRect(
                            Math.floor(c.x()) - 1,
                            c.y() - scrollY - 1,
                            Math.max(3, c.w() + 1),
                            ROW_H + 2,
                            pal.text(),
                            2,
                            Painter.Stroke.SOLID);
                }
            }
        }
        p.popClip();
        paintLegend(p, pal, viewWidth);
    }

    private void paintLegend(Painter p, Palette pal, double viewWidth) {
        p.fillRect(0, 0, viewWidth, legendH, pal.background());
        for (SectorClass c : SectorClass.values()) {
            double x = legendX[c.ordinal()];
            double y = legendLine[c.ordinal()] * LEGEND_LINE;
            p.fillRect(x, y + 5, 12, 11, colour(c, pal));
            p.text(
                    legendLabel(c),
                    x + 16,
                    y + 14,
                    Painter.Font.SMALL,
                    pal.text(),
                    Painter.Align.LEFT);
        }
        p.fillRect(0, legendH - 1, viewWidth, 1, pal.grid());
    }

    /** "8 sectors" / "1 sector" / "1,024 sectors". */
    public static String sectorsText(long n) {
        return String.format(Locale.ROOT, "%,d", n) + (n == 1 ? " sector" : " sectors");
    }
}
