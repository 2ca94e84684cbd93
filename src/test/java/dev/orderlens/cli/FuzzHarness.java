package dev.orderlens.cli;

import dev.orderlens.export.ExportKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Issue 17's fuzz campaign, run by {@link FuzzTest} in a JVM of its own with a 512 MiB heap:
 * mutated copies of the real samples (sample-traces/ and the bundled scenarios) go through {@code
 * info}, {@code analyze --crash-at}, {@code stats}, every export and {@code simulate}, in-process.
 * Every case must end within a time linear in its (decompressed) size — CPU time of the thread
 * running it, so other work on the machine does not count; a case blocked without using CPU fails
 * after two minutes — with a result, or with one line on stderr that names the file — or, when an
 * option was mutated, the option. An internal error (exit 1) is a failure. Prints one {@code FAIL}
 * line per failing case and a summary; exits 1 on any failure, at once on a case that does not end
 * in time (its thread cannot be stopped).
 *
 * <p>{@code FuzzHarness CASES SEED DIR [FIRST]}: cases FIRST (default 0) to CASES-1; with the
 * environment variable FUZZ_KEEP the inputs are kept, with FUZZ_VERBOSE refusals and times are
 * printed too.
 */
public final class FuzzHarness {
    /** Mutations; each is picked equally often. */
    static final String[] MUTATIONS = {
        "truncate",
        "flip",
        "delete-lines",
        "duplicate-lines",
        "shuffle-lines",
        "numbers",
        "invalid-utf8",
        "nul",
        "crlf",
        "gzip",
        "gzip-truncated",
        "xz",
        "xz-truncated",
        "long-line",
        "line-20mb",
        "gzip-bomb",
        "xz-bomb",
        "deep-json",
        "reused-pointer",
        "no-submits",
        "queue-only",
        "options",
        "options",
        "exports",
    };

    private final Path dir;
    private final List<Path> samples;
    private final List<byte[]> originals = new ArrayList<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> millis = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    FuzzHarness(Path dir) throws IOException {
        this.dir = dir;
        List<Path> s = new ArrayList<>();
        try (Stream<Path> l = Files.list(Path.of("sample-traces"))) {
            l.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".md"))
                    .forEach(s::add);
        }
        try (Stream<Path> l = Files.list(Path.of("src/main/resources/dev/orderlens/scenarios"))) {
            l.filter(p -> p.toString().endsWith(".json")).forEach(s::add);
        }
        s.sort(null);
        samples = s;
        for (Path p : samples) {
            originals.add(Files.readAllBytes(p));
        }
    }

    public static void main(String[] args) throws Exception {
        int cases = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        FuzzHarness h = new FuzzHarness(Path.of(args[2]));
        long start = System.nanoTime();
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        int first = args.length > 3 ? Integer.parseInt(args[3]) : 0; // to replay one case
        boolean hung = h.run(first, cases, seed, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "fuzz: %d cases (seed %d) in %.1f s on %d threads, %d failing; outcomes %s%n",
                cases,
                seed,
                seconds,
                threads,
                h.failures.size(),
                new TreeMap<>(h.outcomes));
        if (System.getenv("FUZZ_VERBOSE") != null) {
            System.out.println("ms by mutation and command: " + new TreeMap<>(h.millis));
        }
        System.out.flush();
        Runtime.getRuntime().halt(hung || !h.failures.isEmpty() ? 1 : 0);
    }

    /** The failing cases so far, one line each. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Runs the cases; true when one did not end in time (the run stops there). */
    boolean run(int first, int cases, long seed, int threads) throws Exception {
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        threads,
                        r -> {
                            Thread t = new Thread(r, "fuzz");
                            t.setDaemon(true);
                            return t;
                        });
        List<Future<?>> running = new ArrayList<>();
        List<Case> submitted = new ArrayList<>();
        for (int c = first; c < cases; c++) {
            Case k = prepare(c, seed);
            submitted.add(k);
            running.add(pool.submit(() -> runCase(k)));
            if (running.size() >= threads * 2 || c == cases - 1) {
                for (int i = 0; i < running.size(); i++) {
                    Case ki = submitted.get(i);
                    String late = await(running.get(i), ki);
                    if (late != null) {
                        report(ki, late + where(ki));
                        return true;
                    }
                }
                running.clear();
                submitted.clear();
            }
        }
        pool.shutdown();
        return false;
    }

    /**
     * Waits for a case to end; says why it is late, or null. The limit is on the CPU time of the
     * case's thread, so a machine loaded by other work does not fail a case. A case blocked without
     * using CPU (a read from a FIFO, a lock) is late when its thread has used no CPU for {@link
     * #STALL_SECONDS}; and any case after {@link #WALL_FACTOR} times its limit of wall-clock time.
     */
    private static String await(Future<?> f, Case k) throws Exception {
        long limitNs = TimeUnit.SECONDS.toNanos(k.limitSeconds());
        long start = System.nanoTime();
        long lastCpu = 0;
        long lastProgress = start;
        while (true) {
            try {
                f.get(1, TimeUnit.SECONDS);
                return null;
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long cpu = k.runner().cpuNanos();
                if (cpu > limitNs) {
                    return String.format(
                            Locale.ROOT,
                            "used %.1f s of CPU, more than its %d s",
                            cpu / 1e9,
                            k.limitSeconds());
                }
                if (cpu > lastCpu) {
                    lastCpu = cpu;
                    lastProgress = now;
                }
                if (now - lastProgress > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                    return String.format(
                            Locale.ROOT,
                            "used no CPU for %d s (blocked; %.1f s of CPU in all)",
                            STALL_SECONDS,
                            cpu / 1e9);
                }
                if (now - start > WALL_FACTOR * limitNs) {
                    return String.format(
                            Locale.ROOT,
                            "did not end within %d s (%.1f s of CPU)",
                            WALL_FACTOR * k.limitSeconds(),
                            cpu / 1e9);
                }
            }
        }
    }

    /** A case whose thread used no CPU for this long is blocked. */
    static final int STALL_SECONDS = 120;

    /**
     * Any case is late after this many times its CPU limit of wall-clock time: on a machine loaded
     * 15 times over by other work (two cores), a case gets a fraction of a core.
     */
    static final int WALL_FACTOR = 40;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The thread running a case, and its CPU time when the case started. */
    static final class Runner {
        private volatile Thread thread;
        private volatile long cpuAtStart;

        void start() {
            cpuAtStart = THREADS.getCurrentThreadCpuTime();
            thread = Thread.currentThread();
        }

        void end() {
            thread = null;
        }

        Thread thread() {
            return thread;
        }

        /** CPU time the case has used so far (0 once it ended or before it started). */
        long cpuNanos() {
            Thread t = thread;
            long now = t == null ? -1 : THREADS.getThreadCpuTime(t.getId());
            return now < 0 ? 0 : now - cpuAtStart;
        }
    }

    /** One case: the file written, the command line, and what the checks accept. */
    record Case(
            int number,
            String mutation,
            String sample,
            Path file,
            String[] args,
            String mutatedOption,
            long limitSeconds,
            boolean mayExhaustHeap,
            Runner runner) {}

    private String where(Case k) {
        Thread t = k.runner().thread();
        if (t == null) {
            return "";
        }
        return " at "
                + Arrays.stream(t.getStackTrace())
                        .limit(8)
                        .map(StackTraceElement::toString)
                        .toList();
    }

    Case prepare(int c, long seed) throws Exception {
        Random rnd = new Random(seed * 1_000_003L + c);
        int k = rnd.nextInt(samples.size());
        String base = samples.get(k).getFileName().toString();
        String mutation = MUTATIONS[rnd.nextInt(MUTATIONS.length)];
        long[] inflated = {0};
        byte[] bytes = mutate(originals.get(k), base, mutation, rnd, inflated);
        Path f = dir.resolve("case" + c + "-" + base);
        Files.write(f, bytes);
        String file = f.toString();
        boolean scenario = originals.get(k).length > 0 && base.matches("\\d\\d-.*\\.json");
        List<String> args = new ArrayList<>();
        String option = null;
        int command = mutation.equals("exports") ? 3 : rnd.nextInt(scenario ? 5 : 4);
        switch (command) {
            case 0 -> args.addAll(List.of("info", file));
            case 1 ->
                    args.addAll(
                            List.of(
                                    "analyze",
                                    file,
                                    "--crash-at",
                                    Double.toString(rnd.nextDouble() * 0.05)));
            case 2 -> args.addAll(List.of("stats", file));
            case 3 -> exportArgs(args, file, c, rnd, mutation.equals("exports"));
            default -> args.addAll(List.of("simulate", file, "-o", out(c, "sim.json")));
        }
        if (mutation.equals("options")) {
            option = mutateOption(args, file, rnd);
        }
        long size = Math.max(bytes.length, inflated[0]);
        long limit = 30 + size / 1_000_000; // linear: a base for a loaded machine + 1 s per MB
        boolean bomb = mutation.endsWith("-bomb");
        return new Case(
                c,
                mutation,
                base,
                f,
                args.toArray(String[]::new),
                option,
                limit,
                bomb,
                new Runner());
    }

    private String out(int c, String suffix) {
        return dir.resolve("out" + c + "." + suffix).toString();
    }

    /** Export: every kind over the run; a case writes one to three (all with "exports"). */
    private void exportArgs(List<String> args, String file, int c, Random rnd, boolean all) {
        args.addAll(
                List.of("export", file, "--crash-at", Double.toString(rnd.nextDouble() * 0.05)));
        List<ExportKind> kinds = new ArrayList<>(List.of(ExportKind.values()));
        Collections.shuffle(kinds, rnd);
        int n = all ? kinds.size() : 1 + rnd.nextInt(3);
        for (ExportKind kind : kinds.subList(0, n)) {
            args.add(kind.option());
            args.add(out(c, kind.name().toLowerCase(Locale.ROOT) + "." + kind.extension()));
        }
        if (rnd.nextBoolean()) {
            args.addAll(List.of("--width", Integer.toString(400 + rnd.nextInt(1200))));
        }
    }

    /** Odd values for the options each command takes: {option, values...}. */
    private static final String[][] OPTION_VALUES = {
        {"--crash-at", "NaN", "Infinity", "-1e300", "1e400", "", "0x10", "1,5", "-0", "9.3e9"},
        {"--crash-kind", "bogus", "", "POWER-LOSS"},
        {"--cache-mode", "bogus", "", "none"},
        {"--tearing", "bogus", "", "garbage"},
        {"--states", "durable,,lost", "nope", "", ","},
        {"--limit", "-1", "2147483648", "all", "1e9", "0"},
        {"--skip", "-1", "99999999999", "0"},
        {"--crash-states", "-1", "1000001", "3", "2147483647"},
        {"--why", "guest#-1", "#", "guest@x#99999999999", "9999999999", "host#1", ""},
        {"--offset", "=1", "FILE=NaN", "FILE=1e300", "FILE=", "nosuch=1", "FILE=-9.3e9"},
        {"--layer", "FILE=bogus", "FILE=", "=guest", "FILE=host"},
        {"--format", "bogus", "blktrace", "json", "blkparse", "qemu-log"},
        {"--width", "-1", "0", "20001", "1e9", "399"},
        {"--scale", "0", "NaN", "100", "-1"},
        {"--from", "NaN", "1e300", "-1e300", "5"},
        {"--to", "NaN", "-1", "1e300", "0"},
        {"--fio-layer", "bogus", "device", ""},
        {"--seed", "-1", "99999999999999999999", "x"},
        {"--variant", "bogus", ""},
    };

    /** Adds (or replaces) one option with an odd value; returns the option's name. */
    private static String mutateOption(List<String> args, String file, Random rnd) {
        String[] o = OPTION_VALUES[rnd.nextInt(OPTION_VALUES.length)];
        String value = o[1 + rnd.nextInt(o.length - 1)].replace("FILE", file);
        int at = args.indexOf(o[0]);
        if (at >= 0 && at + 1 < args.size()) {
            args.set(at + 1, value);
        } else {
            args.add(o[0]);
            args.add(value);
        }
        return o[0];
    }

    void runCase(Case k) {
        k.runner().start();
        CliRunner r;
        long t0 = System.nanoTime();
        try {
            r = CliRunner.run(k.args());
        } catch (Throwable t) { // CliRunner must never throw: Main catches everything
            report(k, "threw " + t);
            return;
        } finally {
            k.runner().end();
        }
        String err = r.err().strip();
        boolean heap = err.contains("too big for the Java heap") || err.contains("out of memory");
        String outcome;
        if (r.exit() == 0) {
            outcome = "ok";
        } else if (r.exit() != 2) {
            outcome = "internal";
            report(k, "exit " + r.exit() + ": " + err.lines().limit(3).toList());
        } else if (err.lines().count() != 1 || !err.startsWith("orderlens: ")) {
            outcome = "not-one-line";
            report(k, "not one line: " + err.lines().limit(3).toList());
        } else if (!namesWhatIsWrong(err, k)) {
            outcome = "unnamed";
            report(k, "names neither the file, nor the option, nor the output: " + err);
        } else if (heap && !k.mayExhaustHeap()) {
            outcome = "heap";
            report(k, "ran out of heap on a small input: " + err);
        } else {
            outcome = "refused";
        }
        outcomes.computeIfAbsent(k.mutation() + ":" + outcome, x -> new AtomicInteger())
                .incrementAndGet();
        millis.computeIfAbsent(k.mutation() + " " + k.args()[0], x -> new AtomicInteger())
                .addAndGet((int) ((System.nanoTime() - t0) / 1_000_000));
        if (System.getenv("FUZZ_VERBOSE") != null && outcome.equals("refused")) {
            System.out.println(
                    "refused case "
                            + k.number()
                            + " ("
                            + k.mutation()
                            + " of "
                            + k.sample()
                            + ") "
                            + k.args()[0]
                            + ": "
                            + err);
        }
        if (System.getenv("FUZZ_KEEP") != null) {
            return;
        }
        try {
            Files.deleteIfExists(k.file());
            try (Stream<Path> outs = Files.list(dir)) {
                for (Path p : outs.toList()) {
                    if (p.getFileName().toString().startsWith("out" + k.number() + ".")) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            report(k, "cannot clean up: " + e);
        }
    }

    /** The input file, the option that was mutated, or an output the export could not write. */
    private boolean namesWhatIsWrong(String err, Case k) {
        if (err.contains(k.file().getFileName().toString())
                || (k.mutatedOption() != null && err.contains(k.mutatedOption()))) {
            return true;
        }
        String outputs = dir.resolve("out").toString();
        return Arrays.stream(k.args()).anyMatch(a -> a.startsWith(outputs) && err.contains(a));
    }

    private void report(Case k, String what) {
        String line =
                "FAIL case "
                        + k.number()
                        + " ("
                        + k.mutation()
                        + " of "
                        + k.sample()
                        + ") "
                        + String.join(" ", k.args())
                        + ": "
                        + what;
        failures.add(line);
        System.out.println(line.length() > 2000 ? line.substring(0, 2000) + "…" : line);
        System.out.flush();
    }

    // ---- mutations ----

    private final Map<String, byte[]> bombMembers = new ConcurrentHashMap<>();

    /**
     * The mutated bytes; {@code inflated[0]} is set to the decompressed size of a compressed
     * result.
     */
    byte[] mutate(byte[] in, String base, String how, Random rnd, long[] inflated)
            throws IOException {
        byte[] b = in.clone();
        switch (how) {
            case "truncate" -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case "flip" -> {
                for (int i = 1 + rnd.nextInt(8); i > 0 && b.length > 0; i--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case "invalid-utf8", "nul" -> {
                byte[] ins =
                        how.equals("nul")
                                ? new byte[] {0}
                                : new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
                b = insert(b, rnd.nextInt(b.length + 1), ins);
            }
            case "gzip", "gzip-truncated", "xz", "xz-truncated" -> {
                inflated[0] = b.length;
                b = how.startsWith("gzip") ? gzip(b) : xz(b);
                if (how.endsWith("-truncated")) {
                    b = Arrays.copyOf(b, 10 + rnd.nextInt(Math.max(1, b.length - 10)));
                }
            }
            case "gzip-bomb", "xz-bomb" -> b = bomb(b, base, how, rnd, inflated);
            case "deep-json" -> b = deepJson(b, rnd);
            case "line-20mb" -> {
                byte[] line = new byte[20 << 20];
                Arrays.fill(line, (byte) "x9 ,{[\"".charAt(rnd.nextInt(7)));
                line[line.length - 1] = '\n';
                b = insert(b, lineStart(b, rnd), line);
            }
            case "options", "exports" -> {} // the sample as it is; the command line is mutated
            default -> b = mutateLines(b, how, rnd);
        }
        return b;
    }

    private static byte[] mutateLines(byte[] b, String how, Random rnd) {
        List<String> lines =
                new ArrayList<>(List.of(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
        switch (how) {
            case "delete-lines" -> {
                for (int i = 1 + rnd.nextInt(5); i > 0 && lines.size() > 1; i--) {
                    lines.remove(rnd.nextInt(lines.size()));
                }
            }
            case "duplicate-lines" -> {
                for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
                    int at = rnd.nextInt(lines.size());
                    String line = lines.get(at);
                    for (int d = rnd.nextInt(3); d >= 0; d--) {
                        lines.add(at, line);
                    }
                }
            }
            case "shuffle-lines" -> Collections.shuffle(lines, rnd);
            case "numbers" -> {
                String[] values = {
                    "0", "-1", "2147483648", "9223372036854775808", "NaN", "1e400", "-0.5"
                };
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                    int at = rnd.nextInt(lines.size());
                    lines.set(
                            at,
                            lines.get(at)
                                    .replaceFirst(
                                            "\\d+(\\.\\d+)?", values[rnd.nextInt(values.length)]));
                }
            }
            case "crlf" -> {
                return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case "long-line" -> lines.add(rnd.nextInt(lines.size()), "x".repeat(1 << 20));
            case "reused-pointer" -> {
                // a QEMU request pointer (or a blkparse sector) used again and again while the
                // first use is still in flight: one line with a pointer, repeated 3 to 200 times
                List<Integer> candidates = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.contains(" req 0x") || l.contains(" elem 0x") || l.contains("  Q  ")) {
                        candidates.add(i);
                    }
                }
                int at =
                        candidates.isEmpty()
                                ? rnd.nextInt(lines.size())
                                : candidates.get(rnd.nextInt(candidates.size()));
                String line = lines.get(at);
                for (int d = 2 + rnd.nextInt(198); d > 0; d--) {
                    lines.add(at, line);
                }
            }
            case "no-submits" ->
                    // completions without submits: blkparse Q/G/I/D, QEMU's pops and handles,
                    // trace JSON's submit times go
                    lines.replaceAll(
                            l ->
                                    l.matches(".*\\s[QGID]\\s+[A-Z]*\\s+\\d+ \\+ \\d+.*")
                                                    || l.contains(":virtqueue_pop ")
                                                    || l.contains(":virtio_blk_handle_")
                                                    || l.contains(":blk_co_p")
                                            ? ""
                                            : l.replaceAll("\"submit\": *\\d+,?", ""));
            case "queue-only" ->
                    // what `blktrace -a queue` records: submissions that never complete
                    lines.replaceAll(
                            l ->
                                    l.matches(".*\\s[CD]\\s+[A-Z]*\\s+\\d+ \\+ \\d+.*")
                                                    || l.contains("_complete ")
                                                    || l.contains(":virtio_blk_req_complete")
                                                    || l.contains(":virtio_notify")
                                            ? ""
                                            : l.replaceAll("\"complete\": *\\d+,?", ""));
            default -> throw new IllegalArgumentException(how);
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A compression bomb: a run of the sample's lines repeated to 1-4 MiB, compressed once as a
     * member of 1 MiB and written again and again (gzip members and xz streams may follow one
     * another), so a file of a few KB decompresses to megabytes.
     */
    private byte[] bomb(byte[] b, String base, String how, Random rnd, long[] inflated)
            throws IOException {
        String text = new String(b, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        int from = rnd.nextInt(lines.length);
        int n = 1 + rnd.nextInt(Math.min(20, lines.length - from));
        String key = base + ":" + how + ":" + from + ":" + n;
        byte[] member =
                bombMembers.computeIfAbsent(
                        key,
                        x -> {
                            String run =
                                    String.join("\n", Arrays.copyOfRange(lines, from, from + n))
                                            + "\n";
                            byte[] one = run.getBytes(StandardCharsets.UTF_8);
                            byte[] plain =
                                    new byte
                                            [Math.max(
                                                    one.length,
                                                    (1 << 20) / one.length * one.length)];
                            for (int i = 0; i + one.length <= plain.length; i += one.length) {
                                System.arraycopy(one, 0, plain, i, one.length);
                            }
                            try {
                                return how.startsWith("gzip") ? gzip(plain) : xz(plain);
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        int members = 1 + rnd.nextInt(4);
        // the head of the file as it is, so the format is still detected from its first lines
        byte[] head = Arrays.copyOf(b, Math.min(b.length, lineStart(b, rnd)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(how.startsWith("gzip") ? gzip(head) : xz(head));
        for (int i = 0; i < members; i++) {
            out.write(member);
        }
        inflated[0] = head.length + (long) members * (1 << 20);
        return out.toByteArray();
    }

    /** Nesting 1,000 to 200,000 deep, at a line start of a JSON sample (or as a whole file). */
    private static byte[] deepJson(byte[] b, Random rnd) {
        int depth = new int[] {1_000, 5_000, 200_000}[rnd.nextInt(3)];
        String open = rnd.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        byte[] nest =
                (open.repeat(depth) + "1" + close.repeat(depth) + ",\n")
                        .getBytes(StandardCharsets.UTF_8);
        String text = new String(b, StandardCharsets.UTF_8);
        int at = text.indexOf("\"requests\"");
        if (at < 0 || rnd.nextInt(4) == 0) {
            return ("{\"format\": \"orderlens-trace\", \"version\": 1, \"requests\": ["
                            + new String(nest, StandardCharsets.UTF_8)
                            + "]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        int start = text.indexOf('[', at);
        int pos = text.substring(0, start + 1).getBytes(StandardCharsets.UTF_8).length;
        return insert(b, pos, nest);
    }

    private static int lineStart(byte[] b, Random rnd) {
        int at = rnd.nextInt(b.length + 1);
        while (at > 0 && b[at - 1] != '\n') {
            at--;
        }
        return at;
    }

    private static byte[] insert(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(b);
        }
        return buf.toByteArray();
    }

    static byte[] xz(byte[] b) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream xz = new XZOutputStream(buf, new LZMA2Options(1))) {
            xz.write(b);
        }
        return buf.toByteArray();
    }
}
