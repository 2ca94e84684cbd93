package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OrderLens's btt numbers against btt's own, on real captures: sample-traces/btt holds each
 * capture's blkparse text, its binary blktrace files and what btt 2.09 printed for them
 * (scripts/btt-reference.sh; the README there has the commands). Counts, minima and maxima must be
 * equal and averages equal to btt's printed precision (1 ns) for every phase btt prints. A
 * PREFLUSH/FUA write completes after its post-flush in OrderLens; its data's own completion (btt's
 * C, from the raw lines and btt's per-IO dump) is kept beside it and ends D2C and Q2C, as in btt.
 * The durability-aware end is the separate Q2Durable column.
 */
class BttComparisonTest {
    private static final Path DIR = Path.of("sample-traces/btt");

    static List<String> modes() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".btt.avg"))
                    .map(n -> n.substring(0, n.length() - ".btt.avg".length()))
                    .sorted()
                    .toList();
        }
    }

    /** One row of btt's statistics: seconds as printed, and the count. */
    record BttRow(BigDecimal min, BigDecimal avg, BigDecimal max, int n) {}

    /** One bio of btt's per-IO dump: its Q, and the D and C btt paired with it (ns; -1 if none). */
    record BttBio(long q, long sector, int count, long d, long c) {}

    /** One blkparse event line, split on whitespace. */
    record RawLine(long t, String action, String rwbs, long sector, boolean sized) {}

    @ParameterizedTest
    @MethodSource("modes")
    void countsMinimaMaximaAndAveragesAgreeWithBtt(String mode) throws Exception {
        Map<Phase, BttRow> btt = bttAllDevices(DIR.resolve(mode + ".btt.avg"));
        List<BttBio> bios = bttPerIo(DIR.resolve(mode + ".btt-per-io.txt"));
        List<RawLine> raw = raw(DIR.resolve(mode + ".guest.blkparse.txt"));
        Trace trace = TraceLoader.load(DIR.resolve(mode + ".guest.blkparse.txt"));
        DeviceStats ours = LatencyStats.of(trace).devices().get(0);
        assertEquals(1, LatencyStats.of(trace).devices().size());

        // what OrderLens adds to a PREFLUSH/FUA write: from its data's C (btt's C) to its final C
        long tails = 0;
        int flushSequenceBios = 0;
        for (BttBio b : bios) {
            RawLine q = find(raw, b.q(), "Q", b.sector());
            assertNotNull(q, "btt's Q at " + b.q() + " is a line of the blkparse text");
            if (q.rwbs().contains("F") && b.c() >= 0) {
                RawLine fin = finalCompletion(raw, q, b);
                tails += fin.t() - b.c();
                flushSequenceBios++;
            }
        }
        if (mode.equals("writethrough")) {
            assertEquals(
                    0,
                    flushSequenceBios,
                    "cache=writethrough: the guest sees no cache and sends no flushes");
        } else {
            assertTrue(flushSequenceBios > 0, mode + " has PREFLUSH/FUA writes");
        }

        for (Phase p : Phase.values()) {
            BttRow b = btt.get(p);
            LatencySummary s = ours.summary(p);
            if (b == null) {
                continue; // Q2D: btt prints only its histogram
            }
            assertEquals(b.n(), s.n(), mode + " " + p + " N");
            // every phase under btt's name is btt's: D2C and Q2C end at the data's C, as btt's
            assertEquals(ns(b.min()), s.min(), mode + " " + p + " min");
            assertEquals(ns(b.max()), s.max(), mode + " " + p + " max");
            assertEquals(b.avg().doubleValue() * 1e9, s.avg(), 1.0, mode + " " + p + " avg");
        }
        // the durability-aware end is a column of its own: for each flush-sequence bio it is at
        // least its final C, so its total exceeds btt's Q2C over those bios by the tails at least
        LatencySummary durable = ours.summary(Phase.Q2Durable);
        if (flushSequenceBios > 0) {
            assertTrue(durable.n() >= flushSequenceBios, mode + " Q2Durable N");
            assertTrue(tails > 0, mode + " post-flush tails");
        }

        String[] dmi = bttDeviceMerge(DIR.resolve(mode + ".btt.avg"));
        assertEquals(Integer.parseInt(dmi[0]), ours.queued(), "#Q");
        assertEquals(Integer.parseInt(dmi[1]), ours.issued(), "#D");
        assertEquals(dmi[2], String.format(Locale.ROOT, "%.1f", ours.mergeRatio()), "ratio");
        assertEquals(Long.parseLong(dmi[3]), ours.sizes().min(), "BLKmin");
        assertEquals(Long.parseLong(dmi[4]), (long) ours.sizes().avg(), "BLKavg");
        assertEquals(Long.parseLong(dmi[5]), ours.sizes().max(), "BLKmax");
        assertEquals(Long.parseLong(dmi[6]), ours.sizes().total(), "Total");
        assertEquals(bios.size(), ours.queued(), "one btt per-IO entry per queued bio");
    }

    @ParameterizedTest
    @MethodSource("modes")
    void everyBioIsIssuedAndCompletedWhereBttSaysExceptAFlushSequencesFinalCompletion(String mode)
            throws Exception {
        List<BttBio> bios = bttPerIo(DIR.resolve(mode + ".btt-per-io.txt"));
        List<RawLine> raw = raw(DIR.resolve(mode + ".guest.blkparse.txt"));
        Trace trace = TraceLoader.load(DIR.resolve(mode + ".guest.blkparse.txt"));
        Requests r = trace.requests();
        Events e = trace.events();
        for (BttBio b : bios) {
            int row = -1;
            for (int i = 0; i < r.size() && row < 0; i++) {
                if (r.submit(i) == b.q() && r.sector(i) == b.sector()) {
                    row = i;
                }
            }
            for (int k = 0; k < e.size() && row < 0; k++) {
                if (e.kind(k) == EventKind.MERGE
                        && e.queued(k) == b.q()
                        && e.sector(k) == b.sector()) {
                    row = e.request(k);
                }
            }
            assertTrue(row >= 0, mode + ": the bio btt queued at " + b.q() + " is in the trace");
            assertEquals(b.d(), r.issue(row), mode + ": D of the bio queued at " + b.q());
            RawLine q = find(raw, b.q(), "Q", b.sector());
            if (q.rwbs().contains("F")) {
                RawLine fin = finalCompletion(raw, q, b);
                assertEquals(
                        fin.t(),
                        r.complete(row),
                        mode + ": a flush-sequence write completes at its final C");
                assertEquals(b.c(), r.dataComplete(row), mode + ": its data completes at btt's C");
                assertTrue(fin.t() > b.c());
            } else {
                assertEquals(b.c(), r.complete(row), mode + ": C of the bio queued at " + b.q());
            }
        }
        assertFalse(bios.isEmpty());
    }

    // ---- btt's files ----

    private static final Pattern ROW =
            Pattern.compile(
                    "^(Q2Qdm|Q2Cdm|Q2Q|Q2C|Q2G|G2I|Q2M|I2D|M2D|D2C)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+(\\d+)\\s*$");

    /**
     * btt's "All Devices" table. btt counts majors 9, 253 and 254 as device-mapper devices and then
     * labels Q2Q and Q2C "Q2Qdm" and "Q2Cdm" (btt's remapper_dev); the guest's virtio disk is
     * 254,0.
     */
    static Map<Phase, BttRow> bttAllDevices(Path avg) throws IOException {
        Map<Phase, BttRow> out = new EnumMap<>(Phase.class);
        boolean in = false;
        for (String line : Files.readAllLines(avg)) {
            if (line.startsWith("====")) {
                in = line.contains("All Devices");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (in && m.matches()) {
                Phase p = Phase.parse(m.group(1).replace("dm", ""));
                out.put(
                        p,
                        new BttRow(
                                new BigDecimal(m.group(2)),
                                new BigDecimal(m.group(3)),
                                new BigDecimal(m.group(4)),
                                Integer.parseInt(m.group(5))));
            }
        }
        assertTrue(out.containsKey(Phase.Q2C) && out.containsKey(Phase.D2C), "parsed " + avg);
        return out;
    }

    /** btt's Device Merge Information row: #Q #D Ratio BLKmin BLKavg BLKmax Total. */
    static String[] bttDeviceMerge(Path avg) throws IOException {
        boolean in = false;
        for (String line : Files.readAllLines(avg)) {
            if (line.startsWith("====")) {
                in = line.contains("Device Merge Information");
            } else if (in && line.trim().startsWith("(")) {
                String[] f =
                        line.substring(line.indexOf('|') + 1)
                                .replace("|", " ")
                                .trim()
                                .split("\\s+");
                assertEquals(7, f.length, line);
                return f;
            }
        }
        throw new AssertionError("no Device Merge Information in " + avg);
    }

    static List<BttBio> bttPerIo(Path dump) throws IOException {
        List<BttBio> out = new ArrayList<>();
        long q = -1;
        long sector = -1;
        int count = 0;
        long d = -1;
        long c = -1;
        for (String line : Files.readAllLines(dump)) {
            String body = line.contains(":") ? line.substring(line.indexOf(':') + 1) : line;
            String[] f = body.trim().split("\\s+");
            if (line.startsWith("---") || f.length < 3) {
                if (q >= 0) {
                    out.add(new BttBio(q, sector, count, d, c));
                }
                q = -1;
                d = -1;
                c = -1;
                continue;
            }
            long t = ns(new BigDecimal(f[0]));
            String[] range = f[2].split("\\+");
            switch (f[1]) {
                case "Q" -> {
                    q = t;
                    sector = Long.parseLong(range[0]);
                    count = Integer.parseInt(range[1]);
                }
                case "D" -> d = t;
                case "C" -> c = t;
                default -> {}
            }
        }
        if (q >= 0) {
            out.add(new BttBio(q, sector, count, d, c));
        }
        return out;
    }

    // ---- the raw blkparse lines ----

    static List<RawLine> raw(Path blkparse) throws IOException {
        List<RawLine> out = new ArrayList<>();
        for (String line : Files.readAllLines(blkparse)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 7 || !f[0].matches("\\d+,\\d+") || !f[3].matches("\\d+\\.\\d+")) {
                continue;
            }
            long sector = f.length > 7 && f[7].matches("\\d+") ? Long.parseLong(f[7]) : -1;
            boolean sized = f.length > 8 && f[8].equals("+");
            out.add(new RawLine(ns(new BigDecimal(f[3])), f[5], f[6], sector, sized));
        }
        return out;
    }

    /**
     * The size-less C that ends a PREFLUSH/FUA bio's flush sequence: the first after its data's C
     * (btt's C) at its sector with its op letter (not the post-flush's {@code C FN 0}).
     */
    private static RawLine finalCompletion(List<RawLine> raw, RawLine q, BttBio b) {
        return raw.stream()
                .filter(
                        l ->
                                l.t() >= b.c()
                                        && l.action().equals("C")
                                        && !l.sized()
                                        && l.sector() == b.sector()
                                        && opLetter(l.rwbs()) == opLetter(q.rwbs()))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The operation letter of an RWBS field: R, W, D or N after an optional leading F (preflush).
     */
    private static char opLetter(String rwbs) {
        return rwbs.length() > 1 && rwbs.charAt(0) == 'F' ? rwbs.charAt(1) : rwbs.charAt(0);
    }

    private static RawLine find(List<RawLine> raw, long t, String action, long sector) {
        return raw.stream()
                .filter(l -> l.t() == t && l.action().equals(action) && l.sector() == sector)
                .findFirst()
                .orElse(null);
    }

    private static long ns(BigDecimal seconds) {
        return seconds.movePointRight(9).longValueExact();
    }
}
