package dev.orderlens.cli;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CacheModes;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The crash point every crash-aware command takes: {@code [--crash-at SECONDS] [--crash-kind K]
 * [--cache-mode [DISK=]M]... [--tearing P]}.
 */
final class CrashPointOptions {
    /** Largest |--crash-at| in seconds: times are long nanoseconds (2^63 ns ≈ 9.22e9 s). */
    static final double MAX_SECONDS = 9.2e9;

    @Option(
            names = "--crash-at",
            paramLabel = "SECONDS",
            description =
                    "Crash time in seconds from the trace's zero; an event exactly then happened before the crash.")
    List<Double> crashAt;

    @Option(
            names = "--crash-kind",
            paramLabel = "K",
            description =
                    "power-loss, qemu-kill or guest-crash (default: the trace's crash event, else power-loss).")
    String crashKind;

    @Option(
            names = "--cache-mode",
            paramLabel = "[DISK=]M",
            description =
                    "QEMU cache mode: writeback, writethrough, none, directsync, unsafe; M alone for every disk, DISK=M (repeatable) for one disk as 'info' names it (default: the trace's, else what each disk's QEMU log shows, else writeback: see 'info').")
    List<String> cacheModes;

    @Option(
            names = "--tearing",
            paramLabel = "P",
            description =
                    "How uncertain writes may tear: sector (default), atomic-4k, atomic-write, garbage.")
    String tearing;

    private CrashKind kind;

    /** --cache-mode values by disk ({@link CacheModes#ALL} for every disk), in the order given. */
    private final Map<String, CacheMode> modes = new LinkedHashMap<>();

    private Tearing tear = Tearing.SECTOR;

    boolean given() {
        return crashAt != null;
    }

    /** How many times --crash-at was given. */
    int times() {
        return crashAt == null ? 0 : crashAt.size();
    }

    /**
     * Checks the values before any file is read. {@code dependents} are the command's own options
     * that need --crash-at: {option, value or null when absent}. --crash-at may be given once.
     */
    void validate(String[]... dependents) {
        if (times() > 1) {
            throw new UserError(
                    "--crash-at is given "
                            + times()
                            + " times: this command takes one crash time (analyze --json or"
                            + " --csv takes several)");
        }
        validateSeveral(dependents);
    }

    /** As {@link #validate}, for a command that takes --crash-at several times. */
    void validateSeveral(String[]... dependents) {
        if (crashAt == null) {
            String[][] own = {
                {"--crash-kind", crashKind},
                {"--cache-mode", cacheModes == null ? null : String.join(",", cacheModes)},
                {"--tearing", tearing}
            };
            for (String[][] group : new String[][][] {own, dependents}) {
                for (String[] o : group) {
                    if (o[1] != null) {
                        throw new UserError(o[0] + " needs --crash-at SECONDS");
                    }
                }
            }
        } else {
            for (Double at : crashAt) {
                if (at == null || at.isNaN() || at.isInfinite() || Math.abs(at) > MAX_SECONDS) {
                    throw new UserError(
                            "--crash-at "
                                    + at
                                    + ": expected seconds within ±9.2e9 (times are 64-bit"
                                    + " nanoseconds), e.g. 0.00049");
                }
            }
        }
        kind = parse("--crash-kind", crashKind, CrashKind.parse(crashKind), CrashKind.names());
        modes.clear();
        for (String v : cacheModes == null ? List.<String>of() : cacheModes) {
            int eq = v.lastIndexOf('=');
            String disk = eq < 0 ? CacheModes.ALL : v.substring(0, eq).trim();
            String m = eq < 0 ? v : v.substring(eq + 1);
            if (disk.isEmpty()) {
                throw new UserError("--cache-mode " + v + ": expected M or DISK=M, e.g. blk1=none");
            }
            modes.put(disk, parse("--cache-mode", v, CacheMode.parse(m), CacheMode.names()));
        }
        if (tearing != null) {
            tear = parse("--tearing", tearing, Tearing.parse(tearing), Tearing.names());
        }
    }

    /**
     * The crash analysis at the given point (defaults from the trace), or null without --crash-at.
     */
    CrashResult analyze(Trace trace) {
        return analyze(trace, null, Map.of());
    }

    /**
     * The crash analysis at the given point, or null without --crash-at. Without --cache-mode the
     * cache modes a session set ({@code saved}: disk or "*" to mode name, from the file {@code
     * session}) apply; --cache-mode replaces them.
     */
    CrashResult analyze(Trace trace, String session, Map<String, String> saved) {
        if (crashAt == null) {
            return null;
        }
        CrashAnalysis a = CrashAnalysis.of(trace);
        return a.at(points(a, session, saved).get(0));
    }

    /**
     * The crash points of every --crash-at, in the order given (empty without one): the crash kind,
     * cache modes and tearing are the same for all. {@code session} and {@code saved} as for {@link
     * #analyze(Trace, String, Map)}.
     */
    List<CrashPoint> points(CrashAnalysis a, String session, Map<String, String> saved) {
        if (crashAt == null) {
            return List.of();
        }
        Map<String, CacheMode> chosen = modes;
        String option = "--cache-mode";
        if (chosen.isEmpty() && !saved.isEmpty()) {
            option = "--session " + session + ": its cache mode";
            chosen = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : saved.entrySet()) {
                chosen.put(
                        e.getKey(),
                        parse(
                                option,
                                e.getKey() + "=" + e.getValue(),
                                CacheMode.parse(e.getValue()),
                                CacheMode.names()));
            }
        }
        CacheModes cache = cacheModes(a, option, chosen);
        List<CrashPoint> out = new ArrayList<>();
        for (double at : crashAt) {
            out.add(
                    new CrashPoint(
                            Time.ofSeconds(at),
                            kind == null ? a.defaultKind() : kind,
                            cache,
                            tear));
        }
        return out;
    }

    /**
     * Each disk's mode: the trace's defaults with the user's --cache-mode values over them. A disk
     * the trace does not have is a one-line error naming the disks it has.
     */
    private static CacheModes cacheModes(
            CrashAnalysis a, String option, Map<String, CacheMode> modes) {
        List<String> known = a.diskKeys();
        List<String> unknown = CacheModes.unknownDisks(modes, known);
        if (!unknown.isEmpty()) {
            throw new UserError(
                    option
                            + " "
                            + unknown.get(0)
                            + "=...: no disk "
                            + unknown.get(0)
                            + " in this trace; "
                            + (known.isEmpty()
                                    ? "it has no QEMU disks (give --cache-mode M for all writes)"
                                    : "its disks are " + String.join(", ", known)));
        }
        return a.defaultCacheModes().withOverrides(modes);
    }

    static <T> T parse(String option, String text, T value, String known) {
        if (text != null && value == null) {
            throw new UserError(option + " " + text + ": expected one of " + known);
        }
        return value;
    }
}
