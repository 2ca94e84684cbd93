package dev.orderlens.bench;

import dev.orderlens.importer.BlkparseImporter;
import dev.orderlens.importer.BlktraceImporter;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.QemuLogImporter;
import dev.orderlens.importer.SimpletraceImporter;
import dev.orderlens.importer.SimpletraceWriter;
import dev.orderlens.importer.TraceImporter;
import dev.orderlens.importer.TracepointImporter;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Imports a synthetic 1,000,000-line blkparse file and a 1,000,000-line QEMU log (line mixes
 * modelled on the real captures in sample-traces/: several requests in flight completing out of
 * order, plugs, merges, the flush machinery, fsyncs; virtio + block layer + io_uring events) and
 * prints lines/s (best of 3) and the heap retained per request. Not a test: figures go to
 * docs/benchmarks.md. Run: {@code scripts/bench.sh ImporterBenchmark [lines
 * [blkparse|qemu-log|blktrace|tracepoints|simpletrace]]}. The blktrace case encodes the same
 * blkparse lines as binary records (one file per CPU column); the tracepoints case prints them as
 * ftrace prints the block tracepoints; the simpletrace case encodes the QEMU log's events as
 * simpletrace records (one per line; "lines" are records there).
 */
public final class ImporterBenchmark {
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path blk = Files.createTempFile("orderlens-bench", ".blkparse.txt");
        Path qemu = Files.createTempFile("orderlens-bench", ".qemu.log");
        try {
            String only = args.length > 1 ? args[1] : "";
            if (only.isEmpty() || only.equals("blkparse")) {
                writeBlkparse(blk, lines, new Random(1));
                run("blkparse", new BlkparseImporter(), blk, lines);
            }
            if (only.isEmpty() || only.equals("blktrace")) {
                Path dir = Files.createTempDirectory("orderlens-bench-blktrace");
                try {
                    writeBlkparse(blk, lines, new Random(1));
                    List<Path> cpus = writeBlktrace(blk, dir);
                    List<ImportInput> parts = new ArrayList<>();
                    for (Path c : cpus) {
                        parts.add(ImportInput.of(c));
                    }
                    long size = 0;
                    for (Path c : cpus) {
                        size += Files.size(c);
                    }
                    run(
                            "blktrace",
                            new BlktraceImporter(),
                            () -> ImportInput.ofParts(dir.toString(), parts),
                            size,
                            lines);
                } finally {
                    try (var list = Files.list(dir)) {
                        for (Path c : list.toList()) {
                            Files.delete(c);
                        }
                    }
                    Files.delete(dir);
                }
            }
            if (only.isEmpty() || only.equals("tracepoints")) {
                Path tp = Files.createTempFile("orderlens-bench", ".ftrace.txt");
                try {
                    writeBlkparse(blk, lines, new Random(1));
                    writeTracepoints(blk, tp);
                    run("tracepoints", new TracepointImporter(), tp, lines);
                } finally {
                    Files.deleteIfExists(tp);
                }
            }
            if (only.isEmpty() || only.equals("qemu-log")) {
                writeQemuLog(qemu, lines, new Random(2));
                run("qemu-log", new QemuLogImporter(), qemu, lines);
            }
            if (only.isEmpty() || only.equals("simpletrace")) {
                Path bin = Files.createTempFile("orderlens-bench", ".simpletrace.bin");
                try {
                    writeQemuLog(qemu, lines, new Random(2));
                    int records = SimpletraceWriter.fromLog(qemu, bin);
                    run("simpletrace", new SimpletraceImporter(), bin, records);
                } finally {
                    Files.deleteIfExists(bin);
                }
            }
        } finally {
            Files.deleteIfExists(blk);
            Files.deleteIfExists(qemu);
        }
    }

    private static void run(String name, TraceImporter importer, Path file, int lines)
            throws Exception {
        run(name, importer, () -> ImportInput.of(file), Files.size(file), lines);
    }

    private interface InputMaker {
        ImportInput make() throws IOException;
    }

    private static void run(
            String name, TraceImporter importer, InputMaker input, long size, int lines)
            throws Exception {
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        int requests = 0;
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            long c = os.getProcessCpuTime();
            Trace t = importer.read(input.make(), ImportOptions.DEFAULT, Progress.NONE);
            best = Math.min(best, System.nanoTime() - s);
            bestCpu = Math.min(bestCpu, os.getProcessCpuTime() - c);
            requests = t.requests().size();
            if (t.skippedLines() != 0) {
                throw new AssertionError(
                        name
                                + ": skipped "
                                + t.skippedLines()
                                + ": "
                                + t.sources().get(0).problems());
            }
        }
        long before = ModelBenchmark.usedAfterGc();
        Trace kept = importer.read(input.make(), ImportOptions.DEFAULT, Progress.NONE);
        long after = ModelBenchmark.usedAfterGc();
        System.out.printf(
                Locale.ROOT,
                "%-9s %,d lines (%,d bytes): %,d requests, %,d events%n",
                name,
                lines,
                size,
                requests,
                kept.events().size());
        System.out.printf(
                Locale.ROOT,
                "%-9s import best of 3   %.0f ms  = %,.0f lines/s (wall clock)%n",
                name,
                best / 1e6,
                lines / (best / 1e9));
        System.out.printf(
                Locale.ROOT,
                "%-9s process CPU        %.0f ms (all threads: import, GC, JIT) = %,.0f lines"
                        + " per CPU second%n",
                name,
                bestCpu / 1e6,
                lines / (bestCpu / 1e9));
        System.out.printf(
                Locale.ROOT,
                "%-9s heap retained      %.1f bytes/request (GC'd heap delta, events included)%n",
                name,
                (after - before) / (double) requests);
        System.out.printf(
                Locale.ROOT,
                "%-9s model arrays       %.1f bytes/request (requests %.1f + events %.1f)%n",
                name,
                kept.retainedBytes() / (double) requests,
                kept.requestTable().retainedBytes() / (double) requests,
                kept.events().size() == 0
                        ? 0.0
                        : (kept.retainedBytes() - kept.requestTable().retainedBytes())
                                / (double) requests);
    }

    // ---- synthetic blkparse text ----

    private static final class Blk {
        final BufferedWriter out;
        final Random rnd;
        long t;
        int seq;
        int lines;

        Blk(BufferedWriter out, Random rnd) {
            this.out = out;
            this.rnd = rnd;
        }

        void line(String dev, int pid, String act, String rwbs, String trailer) throws IOException {
            t += 1_000 + rnd.nextInt(20_000);
            seq++;
            StringBuilder sb = new StringBuilder(96);
            sb.append(dev)
                    .append(' ')
                    .append(pad(Integer.toString(seq % 4), 2))
                    .append(' ')
                    .append(pad(Integer.toString(seq), 8))
                    .append(' ')
                    .append(pad(Long.toString(t / 1_000_000_000L), 5))
                    .append('.');
            String ns = Long.toString(t % 1_000_000_000L);
            sb.append("000000000", 0, 9 - ns.length())
                    .append(ns)
                    .append(' ')
                    .append(pad(Integer.toString(pid), 5))
                    .append(' ')
                    .append(pad(act, 2))
                    .append(' ')
                    .append(pad(rwbs, 3))
                    .append(' ')
                    .append(trailer)
                    .append('\n');
            out.append(sb);
            lines++;
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    /** Issued requests waiting for their completion line: {device, rwbs, sector, count}. */
    private record InFlight(String dev, String rwbs, long sector, int count, boolean flushSeq) {}

    public static void writeBlkparse(Path file, int lines, Random rnd) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            Blk b = new Blk(w, rnd);
            List<InFlight> inFlight = new ArrayList<>();
            String[] devs = {"254,0  ", "  8,16 "};
            long next = 0;
            while (b.lines < lines - 16) {
                String dev = devs[rnd.nextInt(10) < 8 ? 0 : 1];
                int pid = 100 + rnd.nextInt(8);
                int kind = rnd.nextInt(100);
                long sector = (next += 8 + rnd.nextInt(4) * 8) % (1L << 30);
                if (kind < 6) { // jbd2-style commit: preflush + write + post-flush
                    b.line(dev, pid, "Q", "FWFSM", sector + " + 8 [jbd2/vda-8]");
                    b.line(dev, pid, "G", "FWFSM", sector + " + 8 [jbd2/vda-8]");
                    b.line(dev, 43, "D", "FN", "[kworker/0:1H]");
                    b.line(dev, 0, "C", "FN", "0 [0]");
                    b.line(dev, 43, "D", "WSM", sector + " + 8 [kworker/0:1H]");
                    b.line(dev, 0, "C", "WSM", sector + " + 8 [0]");
                    b.line(dev, 43, "D", "FN", "[kworker/0:1H]");
                    b.line(dev, 0, "C", "FN", "0 [0]");
                    b.line(dev, 0, "C", "WSM", sector + " [0]");
                } else if (kind < 10) { // fsync: an empty preflush
                    b.line(dev, pid, "Q", "FWS", "[dd]");
                    b.line(dev, pid, "G", "FWS", "[dd]");
                    b.line(dev, 56, "D", "FN", "[kworker/1:1H]");
                    b.line(dev, 0, "C", "FN", "0 [0]");
                    b.line(dev, 0, "C", "WS", "0 [0]");
                } else { // a request, sometimes with bios merged into it while plugged
                    String rwbs = kind < 30 ? "R" : kind < 80 ? "WS" : "W";
                    int count = 8;
                    b.line(dev, pid, "Q", rwbs, sector + " + 8 [fio]");
                    b.line(dev, pid, "G", rwbs, sector + " + 8 [fio]");
                    boolean plug = rnd.nextInt(4) == 0;
                    if (plug) {
                        b.line(dev, pid, "P", "N", "[fio]");
                    }
                    int merges = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(4) : 0;
                    for (int m = 0; m < merges; m++) {
                        long s = sector + count;
                        b.line(dev, pid, "Q", rwbs, s + " + 8 [fio]");
                        b.line(dev, pid, "M", rwbs, s + " + 8 [fio]");
                        count += 8;
                        next += 8;
                    }
                    if (plug) {
                        b.line(dev, pid, "UT", "N", "[fio] 1");
                    }
                    b.line(dev, pid, "I", rwbs, sector + " + " + count + " [fio]");
                    b.line(dev, 56, "D", rwbs, sector + " + " + count + " [kworker/1:1H]");
                    inFlight.add(new InFlight(dev, rwbs, sector, count, false));
                }
                while (inFlight.size() > 1 + rnd.nextInt(16)) { // out-of-order completions
                    InFlight f = inFlight.remove(rnd.nextInt(inFlight.size()));
                    b.line(f.dev(), 0, "C", f.rwbs(), f.sector() + " + " + f.count() + " [0]");
                }
            }
            for (InFlight f : inFlight) {
                b.line(f.dev(), 0, "C", f.rwbs(), f.sector() + " + " + f.count() + " [0]");
            }
            while (b.lines < lines) {
                b.line(devs[0], 1, "m", "N", "bench padding message");
            }
        }
    }

    // ---- synthetic tracepoint text: the blkparse text above, as ftrace prints the events ----

    /**
     * Prints each line of a synthetic blkparse file as the block tracepoint ftrace would print for
     * it (include/trace/events/block.h formats; a flush request "FN" is "FF" there and completes at
     * sector 2^64-1), so the tracepoint importer reads the same mix of requests.
     */
    static void writeTracepoints(Path text, Path out) throws IOException {
        try (var in = Files.newBufferedReader(text, StandardCharsets.US_ASCII);
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            w.write("# tracer: nop\n#\n");
            String line;
            StringBuilder sb = new StringBuilder(160);
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 7) {
                    continue;
                }
                String dev = f[0];
                String cpu = f[1];
                String time = f[3];
                String pid = f[4];
                String act = f[5];
                String rwbs = f[6].equals("FN") ? "FF" : f[6];
                String comm = f[f.length - 1];
                boolean sized = f.length > 9 && f[8].equals("+");
                String sector = f.length > 7 && !f[7].startsWith("[") ? f[7] : "0";
                String count = sized ? f[9] : "0";
                String range = sector + " + " + count;
                String task = (comm.startsWith("[") ? comm.substring(1, comm.length() - 1) : "x");
                String event;
                String args;
                switch (act) {
                    case "Q" -> {
                        event = "block_bio_queue";
                        args = dev + " " + rwbs + " " + range + " " + comm;
                    }
                    case "G" -> {
                        event = "block_getrq";
                        args = dev + " " + rwbs + " " + range + " " + comm;
                    }
                    case "M", "F" -> {
                        event = act.equals("M") ? "block_bio_backmerge" : "block_bio_frontmerge";
                        args = dev + " " + rwbs + " " + range + " " + comm;
                    }
                    case "I", "D" -> {
                        event = act.equals("I") ? "block_rq_insert" : "block_rq_issue";
                        long bytes = Long.parseLong(count) * 512;
                        args = dev + " " + rwbs + " " + bytes + " () " + range + " " + comm;
                    }
                    case "C" -> {
                        event = "block_rq_complete";
                        String at = rwbs.equals("FF") ? "18446744073709551615" : sector;
                        args = dev + " " + rwbs + " () " + at + " + " + count + " " + comm;
                        task = "<idle>";
                    }
                    case "P" -> {
                        event = "block_plug";
                        args = comm;
                    }
                    case "U", "UT" -> {
                        event = "block_unplug";
                        args = f[7] + " " + f[8]; // blkparse: "UT N [comm] depth"
                        task = f[7].substring(1, f[7].length() - 1);
                    }
                    default -> {
                        continue;
                    }
                }
                sb.setLength(0);
                sb.append("    ")
                        .append(task)
                        .append('-')
                        .append(pid)
                        .append("  [00")
                        .append(cpu)
                        .append("] .....  ")
                        .append(time, 0, time.length() - 3) // ftrace prints microseconds
                        .append(": ")
                        .append(event)
                        .append(": ")
                        .append(args)
                        .append('\n');
                w.append(sb);
            }
        }
    }

    // ---- synthetic blktrace binary: the blkparse text above, encoded as blktrace records ----

    private static final int[] ACTIONS = new int[128];

    static {
        ACTIONS['Q'] = 1;
        ACTIONS['M'] = 2;
        ACTIONS['F'] = 3;
        ACTIONS['G'] = 4;
        ACTIONS['S'] = 5;
        ACTIONS['R'] = 6;
        ACTIONS['D'] = 7;
        ACTIONS['C'] = 8;
        ACTIONS['P'] = 9;
        ACTIONS['U'] = 10;
        ACTIONS['T'] = 11; // "UT"
        ACTIONS['I'] = 12;
    }

    /**
     * Encodes each line of a synthetic blkparse file as the {@code struct blk_io_trace} record
     * blktrace would have written for it (little endian, one file per CPU column, a process note
     * before a pid's first record), so the binary importer reads the same mix of requests.
     */
    static List<Path> writeBlktrace(Path text, Path dir) throws IOException {
        java.util.Map<Integer, java.io.OutputStream> outs = new java.util.TreeMap<>();
        java.util.Set<Integer> named = new java.util.HashSet<>();
        java.nio.ByteBuffer r =
                java.nio.ByteBuffer.allocate(48 + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (var in = Files.newBufferedReader(text, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split("\\s+", 8);
                String[] dev = f[0].split(",");
                int device = Integer.parseInt(dev[0]) << 20 | Integer.parseInt(dev[1]);
                int cpu = Integer.parseInt(f[1]);
                int seq = Integer.parseInt(f[2]);
                String[] sec = f[3].split("\\.");
                long time = Long.parseLong(sec[0]) * 1_000_000_000L + Long.parseLong(sec[1]);
                int pid = Integer.parseInt(f[4]);
                String act = f[5];
                String rwbs = f[6];
                String rest = f.length > 7 ? f[7] : "";
                int action =
                        act.equals("m")
                                ? 2 | (1 << 10) << 16
                                : ACTIONS[act.charAt(act.length() - 1)];
                int i = 0;
                if (rwbs.charAt(0) == 'F' && rwbs.length() > 1) {
                    action |= (1 << 2) << 16; // FLUSH
                    i++;
                }
                boolean hasData = false;
                switch (rwbs.charAt(i)) {
                    case 'W' -> action |= (1 << 1) << 16;
                    case 'R' -> hasData = true;
                    case 'D' -> action |= (1 << 13) << 16;
                    default -> {}
                }
                for (i++; i < rwbs.length(); i++) {
                    switch (rwbs.charAt(i)) {
                        case 'F' -> action |= (1 << 15) << 16;
                        case 'S' -> action |= (1 << 3) << 16;
                        case 'M' -> action |= (1 << 12) << 16;
                        case 'A' -> action |= (1 << 11) << 16;
                        default -> {}
                    }
                }
                long sector = 0;
                int bytes = 0;
                int error = 0;
                byte[] pdu = new byte[0];
                String comm = null;
                String[] t = rest.split(" ");
                if (act.equals("m")) {
                    pdu = rest.getBytes(StandardCharsets.US_ASCII);
                } else if (t.length >= 3 && t[1].equals("+")) {
                    sector = Long.parseLong(t[0]);
                    bytes = Integer.parseInt(t[2]) << 9;
                    comm = t.length > 3 ? t[3] : null;
                } else if (Character.isDigit(rest.charAt(0))) {
                    sector = Long.parseLong(t[0]); // "sector [error]"
                    comm = t[1];
                } else {
                    comm = t[0];
                    if (t.length > 1) { // unplug: "[comm] depth" as a __be64 payload
                        pdu = java.nio.ByteBuffer.allocate(8).putLong(Long.parseLong(t[1])).array();
                    }
                }
                if (act.equals("C") && comm != null) {
                    error = Integer.parseInt(comm.substring(1, comm.length() - 1));
                    comm = null;
                }
                if (hasData && bytes == 0) {
                    bytes = 0; // a data-less read prints as N anyway
                }
                java.io.OutputStream out =
                        outs.computeIfAbsent(
                                cpu,
                                c -> {
                                    try {
                                        return new java.io.BufferedOutputStream(
                                                Files.newOutputStream(
                                                        dir.resolve("bench.blktrace." + c)),
                                                1 << 16);
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                });
                if (comm != null && named.add(pid)) {
                    byte[] name =
                            comm.substring(1, comm.length() - 1)
                                    .getBytes(StandardCharsets.US_ASCII);
                    record(r, 0, time, 0, 0, (1 << 10) << 16, pid, device, cpu, 0, name);
                    out.write(r.array(), 0, r.position());
                }
                record(r, seq, time, sector, bytes, action, pid, device, cpu, error, pdu);
                out.write(r.array(), 0, r.position());
            }
        }
        List<Path> files = new ArrayList<>();
        for (var e : outs.entrySet()) {
            e.getValue().close();
            files.add(dir.resolve("bench.blktrace." + e.getKey()));
        }
        return files;
    }

    private static void record(
            java.nio.ByteBuffer r,
            int seq,
            long time,
            long sector,
            int bytes,
            int action,
            int pid,
            int device,
            int cpu,
            int error,
            byte[] pdu) {
        int len = Math.min(pdu.length, 64);
        r.clear();
        r.putInt(0x65617407).putInt(seq).putLong(time).putLong(sector).putInt(bytes);
        r.putInt(action).putInt(pid).putInt(device).putInt(cpu);
        r.putShort((short) error).putShort((short) len).put(pdu, 0, len);
    }

    // ---- synthetic QEMU log ----

    static void writeQemuLog(Path file, int lines, Random rnd) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            long[] t = {1_795_302_995_000_000L};
            int[] n = {0};
            String vdev = "0x5631194073a0";
            String vq = "0x7fe8e9e49010";
            String blk = "blk 0x5631194073a0 bs 0x563119409c70";
            List<long[]> inFlight = new ArrayList<>(); // {elem, sector, count, isWrite, cb}
            List<Long> freeElems = new ArrayList<>();
            for (long e = 0; e < 64; e++) {
                freeElems.add(0x56311a248cc0L + e * 0x1000);
            }
            class Out {
                void line(String text) throws IOException {
                    t[0] += 1 + rnd.nextInt(40);
                    String us = Long.toString(t[0] % 1_000_000);
                    w.append("8048@")
                            .append(Long.toString(t[0] / 1_000_000))
                            .append('.')
                            .append("000000", 0, 6 - us.length())
                            .append(us)
                            .append(':')
                            .append(text)
                            .append('\n');
                    n[0]++;
                }
            }
            Out o = new Out();
            long sector = 0;
            while (n[0] < lines - 64) {
                if (rnd.nextInt(8) == 0) {
                    o.line("virtio_queue_notify vdev " + vdev + " n 0 vq " + vq);
                }
                int batch = 1 + rnd.nextInt(4);
                for (int i = 0; i < batch && !freeElems.isEmpty(); i++) {
                    long elem = freeElems.remove(rnd.nextInt(freeElems.size()));
                    String e = "0x" + Long.toHexString(elem);
                    int kind = rnd.nextInt(100);
                    if (kind < 8) { // a flush
                        o.line("virtqueue_pop vq " + vq + " elem " + e + " in_num 1 out_num 1");
                        long cb = 0x7fe8807d0000L + rnd.nextInt(1 << 20);
                        o.line(
                                "luring_co_submit bs 0x563119410fb0 s 0x5631194184a0 luringcb 0x"
                                        + Long.toHexString(cb)
                                        + " fd 13 offset 0 nbytes 0 type 8");
                        inFlight.add(new long[] {elem, 0, 0, 2, cb});
                        continue;
                    }
                    boolean write = kind < 70;
                    sector = (sector + 8 + rnd.nextInt(64) * 8) % (1L << 30);
                    int count = 8 * (1 + rnd.nextInt(4));
                    long off = sector * 512;
                    long bytes = count * 512L;
                    o.line(
                            "virtqueue_pop vq "
                                    + vq
                                    + " elem "
                                    + e
                                    + " in_num "
                                    + (write ? 1 : 2)
                                    + " out_num "
                                    + (write ? 2 : 1));
                    o.line(
                            "virtio_blk_handle_"
                                    + (write ? "write" : "read")
                                    + " vdev "
                                    + vdev
                                    + " req "
                                    + e
                                    + " sector "
                                    + sector
                                    + " nsectors "
                                    + count);
                    o.line(
                            (write ? "blk_co_pwritev " : "blk_co_preadv ")
                                    + blk
                                    + " offset "
                                    + off
                                    + " bytes "
                                    + bytes
                                    + " flags 0x8");
                    String part = write ? "bdrv_co_pwritev_part" : "bdrv_co_preadv_part";
                    o.line(
                            part
                                    + " bs 0x563119409c70 offset "
                                    + off
                                    + " bytes "
                                    + bytes
                                    + " flags 0x8");
                    o.line(
                            part
                                    + " bs 0x563119410fb0 offset "
                                    + off
                                    + " bytes "
                                    + bytes
                                    + " flags 0x8");
                    long cb = 0x7fe8806d0000L + rnd.nextInt(1 << 20);
                    o.line(
                            "luring_co_submit bs 0x563119410fb0 s 0x5631194184a0 luringcb 0x"
                                    + Long.toHexString(cb)
                                    + " fd 13 offset "
                                    + off
                                    + " nbytes "
                                    + bytes
                                    + " type "
                                    + (write ? 2 : 1));
                    inFlight.add(new long[] {elem, sector, count, write ? 1 : 0, cb});
                }
                while (inFlight.size() > rnd.nextInt(8)) { // completions, out of order
                    long[] f = inFlight.remove(rnd.nextInt(inFlight.size()));
                    String e = "0x" + Long.toHexString(f[0]);
                    o.line(
                            "luring_process_completion LuringState 0x5631194184a0 luringcb 0x"
                                    + Long.toHexString(f[4])
                                    + " ret "
                                    + f[2] * 512);
                    if (f[3] != 2) {
                        o.line("virtio_blk_rw_complete vdev " + vdev + " req " + e + " ret 0");
                    }
                    o.line("virtio_blk_req_complete vdev " + vdev + " req " + e + " status 0");
                    o.line(
                            "virtqueue_fill vq "
                                    + vq
                                    + " elem "
                                    + e
                                    + " len "
                                    + (f[3] == 0 ? f[2] * 512 + 1 : 1)
                                    + " idx 0");
                    o.line("virtqueue_flush vq " + vq + " count 1");
                    freeElems.add(f[0]);
                }
            }
            while (n[0] < lines) {
                o.line("virtio_notify vdev " + vdev + " vq " + vq);
            }
        }
    }
}
