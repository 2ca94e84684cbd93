package dev.orderlens.cli;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import picocli.CommandLine.Option;

/**
 * The crash point every crash-aware command takes: {@code [--crash-at SECONDS] [--crash-kind K]
 * [--cache-mode M] [--tearing P]}.
 */
final class CrashPointOptions {
    /** Largest |--crash-at| in seconds: times are long nanoseconds (2^63 ns ≈ 9.22e9 s). */
    static final double MAX_SECONDS = 9.2e9;

    @Option(
            names = "--crash-at",
            paramLabel = "SECONDS",
            description =
                    "Crash time in seconds from the trace's zero; an event exactly then happened before the crash.")
    Double crashAt;

    @Option(
            names = "--crash-kind",
            paramLabel = "K",
            description =
                    "power-loss, qemu-kill or guest-crash (default: the trace's crash event, else power-loss).")
    String crashKind;

    @Option(
            names = "--cache-mode",
            paramLabel = "M",
            description =
                    "QEMU cache mode: writeback, writethrough, none, directsync, unsafe (default: the trace's, else the one its QEMU log shows, else writeback: see 'info').")
    String cacheMode;

    @Option(
            names = "--tearing",
            paramLabel = "P",
            description =
                    "How uncertain writes may tear: sector (default), atomic-4k, atomic-write, garbage.")
    String tearing;

    private CrashKind kind;
    private CacheMode mode;
    private Tearing tear = Tearing.SECTOR;

    boolean given() {
        return crashAt != null;
    }

    /**
     * Checks the values before any file is read. {@code dependents} are the command's own options
     * that need --crash-at: {option, value or null when absent}.
     */
    void validate(String[]... dependents) {
        if (crashAt == null) {
            String[][] own = {
                {"--crash-kind", crashKind}, {"--cache-mode", cacheMode}, {"--tearing", tearing}
            };
            for (String[][] group : new String[][][] {own, dependents}) {
                for (String[] o : group) {
                    if (o[1] != null) {
                        throw new UserError(o[0] + " needs --crash-at SECONDS");
                    }
                }
            }
        } else if (crashAt.isNaN() || crashAt.isInfinite() || Math.abs(crashAt) > MAX_SECONDS) {
            throw new UserError(
                    "--crash-at "
                            + crashAt
                            + ": expected seconds within ±9.2e9 (times are 64-bit nanoseconds),"
                            + " e.g. 0.00049");
        }
        kind = parse("--crash-kind", crashKind, CrashKind.parse(crashKind), CrashKind.names());
        mode = parse("--cache-mode", cacheMode, CacheMode.parse(cacheMode), CacheMode.names());
        if (tearing != null) {
            tear = parse("--tearing", tearing, Tearing.parse(tearing), Tearing.names());
        }
    }

    /**
     * The crash analysis at the given point (defaults from the trace), or null without --crash-at.
     */
    CrashResult analyze(Trace trace) {
        if (crashAt == null) {
            return null;
        }
        CrashAnalysis a = CrashAnalysis.of(trace);
        return a.at(
                new CrashPoint(
                        Time.ofSeconds(crashAt),
                        kind == null ? a.defaultKind() : kind,
                        mode == null ? a.defaultCacheMode() : mode,
                        tear));
    }

    static <T> T parse(String option, String text, T value, String known) {
        if (text != null && value == null) {
            throw new UserError(option + " " + text + ": expected one of " + known);
        }
        return value;
    }
}
