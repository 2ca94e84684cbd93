package dev.orderlens.model;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Keeps an import inside the Java heap, so a trace too big for it is refused with one line (how far
 * the import got, how to raise the limit) before the JVM runs out of memory, and the app stays
 * usable. Issue 17, item 10; docs/adr/0250-heap-budget-during-import.md.
 *
 * <p>An import opens a budget on its thread ({@link #open}); while it is open, {@link
 * RequestTableBuilder}s on that thread report themselves and ask before they double their columns
 * ({@link #reserve}), and the importer's progress points call {@link #check}. Both look at the
 * heap's current use, which is cheap; only when it is high is a full collection asked for, to learn
 * how much of it is live: at most once per 10 % more input, so the collections cost time linear in
 * the input. Outside an open budget (analyses, the simulator, tests) nothing is checked.
 */
public final class HeapBudget implements AutoCloseable {
    /**
     * Live data may fill this share of the heap during an import; the rest is room for the
     * analyses, the views and the garbage collector's own work.
     */
    static final double LIVE_SHARE = 0.75;

    /** A table may double its columns only while the heap stays under this share. */
    static final double GROW_SHARE = 0.90;

    private static final ThreadLocal<HeapBudget> ACTIVE = new ThreadLocal<>();

    /** The heap as the budget sees it: bytes in use now, a full collection, the maximum. */
    interface Heap {
        long used();

        void collect();

        long max();
    }

    private static final Heap JVM_HEAP =
            new Heap() {
                @Override
                public long used() {
                    Runtime r = Runtime.getRuntime();
                    return r.totalMemory() - r.freeMemory();
                }

                @Override
                public void collect() {
                    System.gc(); // a full collection with G1, Serial and Parallel
                }

                @Override
                public long max() {
                    return Runtime.getRuntime().maxMemory();
                }
            };

    private final Heap heap;
    private final HeapBudget outer;
    private LongSupplier rows = () -> 0;
    private long collectedAt = -1; // progress at the last full collection, -1 before the first
    private long collectedRows; // rows at the last full collection
    private long live = -1; // heap in use after the last full collection
    private long line; // the importer's last progress point: its line (or record) number

    HeapBudget(Heap heap, HeapBudget outer) {
        this.heap = heap;
        this.outer = outer;
    }

    /** Opens a budget on this thread until {@link #close}: use in try-with-resources. */
    public static HeapBudget open() {
        HeapBudget b = new HeapBudget(JVM_HEAP, ACTIVE.get());
        ACTIVE.set(b);
        return b;
    }

    @Override
    public void close() {
        ACTIVE.set(outer);
    }

    /** The budget open on this thread, or null. */
    static HeapBudget active() {
        return ACTIVE.get();
    }

    /**
     * Where the importer on this thread is, told at its progress points: a line, or a record of a
     * binary file. For "how far it got".
     */
    public static void atLine(long line) {
        HeapBudget b = ACTIVE.get();
        if (b != null) {
            b.at(line);
        }
    }

    void at(long line) {
        this.line = line;
    }

    /** A table being built under the open budget: its rows are how far the import got. */
    static void track(LongSupplier rows) {
        HeapBudget b = ACTIVE.get();
        if (b != null) {
            b.rows = rows;
        }
    }

    /**
     * Asks for {@code bytes} more heap before a table grows; throws {@link Exceeded} when live data
     * plus that would pass {@link #GROW_SHARE} of the heap. A no-op outside an open budget.
     */
    static void reserve(long bytes) {
        HeapBudget b = ACTIVE.get();
        if (b != null) {
            b.need(bytes);
        }
    }

    void need(long bytes) {
        long limit = (long) (heap.max() * GROW_SHARE);
        if (heap.used() + bytes <= limit) {
            return;
        }
        heap.collect();
        live = heap.used();
        if (live + bytes > limit) {
            throw new Exceeded(live, bytes, heap.max());
        }
    }

    /**
     * Called at an importer's progress points with the input consumed so far: throws {@link
     * Exceeded} when live data fills more than {@link #LIVE_SHARE} of the heap.
     */
    public void check(long progress) {
        long limit = (long) (heap.max() * LIVE_SHARE);
        if (heap.used() <= limit || !grownSinceCollected(progress)) {
            return;
        }
        heap.collect();
        collectedAt = progress;
        collectedRows = requests();
        live = heap.used();
        if (live > limit) {
            throw new Exceeded(live, 0, heap.max());
        }
    }

    /** 10 % more input or rows since the last full collection (the first one always). */
    private boolean grownSinceCollected(long progress) {
        return collectedAt < 0
                || progress >= collectedAt + Math.max(collectedAt / 10, 1 << 16)
                || requests() >= collectedRows + Math.max(collectedRows / 10, 1 << 14);
    }

    /** Requests in the table being built, for "how far it got". */
    public long requests() {
        return rows.getAsLong();
    }

    /**
     * Why an import was stopped, with how far it got and how to raise the limit: {@code read} raw
     * bytes of {@code size} ({@code size} ≤ 0 when unknown), {@code decompressed} bytes out of a
     * gzip/xz file (≤ 0 for plain files). {@code e} is the {@link Exceeded} or the {@link
     * OutOfMemoryError} that stopped it.
     */
    public String refusal(Throwable e, long read, long size, long decompressed) {
        long max = heap.max();
        long used = e instanceof Exceeded x ? x.live + x.wanted : max;
        StringBuilder s = new StringBuilder("too big for the Java heap of ").append(bytes(max));
        s.append(": stopped");
        if (line > 0) {
            s.append(String.format(Locale.ROOT, " at line %,d", line));
        }
        s.append(" after reading ").append(bytes(read));
        if (size > 0) {
            s.append(" of ").append(bytes(size));
        }
        if (decompressed > 0) {
            s.append(" (").append(bytes(decompressed)).append(" decompressed)");
        }
        if (requests() > 0) {
            s.append(String.format(Locale.ROOT, ", %,d requests", requests()));
        }
        s.append("; give Java more with ORDERLENS_HEAP, e.g. ORDERLENS_HEAP=");
        s.append(suggestedGiB(used, read, size, max)).append("g orderlens ...");
        return s.toString();
    }

    /** Why merging the files was stopped (each file fitted on its own), and how to go on. */
    public String mergeRefusal(Throwable e) {
        long max = heap.max();
        return "too big to merge in the Java heap of "
                + bytes(max)
                + String.format(Locale.ROOT, " (%,d requests merged so far)", requests())
                + "; give Java more with ORDERLENS_HEAP, e.g. ORDERLENS_HEAP="
                + suggestedGiB(max, 0, 0, max)
                + "g orderlens ...";
    }

    /**
     * Heap to suggest, in whole GiB: what the whole file would need at the rate seen so far (live
     * data at {@link #LIVE_SHARE}), or twice today's heap when the size is unknown.
     */
    static long suggestedGiB(long used, long read, long size, long max) {
        double need =
                size > 0 && read > 0 && read < size
                        ? used * ((double) size / read) / LIVE_SHARE
                        : 2.0 * max;
        need = Math.max(need, 2.0 * max);
        return Math.max(1, (long) Math.ceil(need / (1L << 30)));
    }

    static String bytes(long b) {
        if (b < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
    }

    /**
     * The import would not fit: thrown through the importer to the loader, which names the file.
     */
    public static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long live;
        final long wanted;

        Exceeded(long live, long wanted, long max) {
            super(
                    "live data "
                            + bytes(live)
                            + (wanted > 0 ? " plus " + bytes(wanted) + " to grow" : "")
                            + " of a "
                            + bytes(max)
                            + " heap",
                    null,
                    false,
                    false);
            this.live = live;
            this.wanted = wanted;
        }
    }
}
