package dev.orderlens.export;

import dev.orderlens.analysis.CacheModes;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.model.Lane;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code orderlens} command line that reproduces an analysis: the trace's files with the layer
 * each one was read as and the clock offset it was given (estimated offsets too, so the result does
 * not depend on the estimator), and the crash point. Built from the trace itself, so the app and
 * the CLI write the same command.
 */
public final class ReproCommand {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:@%+,-]+");

    private ReproCommand() {}

    /** {@code FILE... [--layer FILE=L] [--offset FILE=S]} for the trace's source files. */
    public static List<String> inputArgs(Trace t) {
        List<String> files = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int f = 0; f < t.sources().size(); f++) {
            SourceFile sf = t.sources().get(f);
            files.add(sf.path());
            Set<String> layers = new LinkedHashSet<>();
            for (Lane l : t.lanes()) {
                if (l.file() == f) {
                    layers.add(t.layers().get(l.layer()).id());
                }
            }
            if (layers.size() == 1) {
                options.add("--layer");
                options.add(sf.path() + "=" + layers.iterator().next());
            }
            if (sf.offsetNs() != 0) {
                options.add("--offset");
                options.add(sf.path() + "=" + Time.formatSeconds(sf.offsetNs()));
            }
        }
        files.addAll(options);
        return files;
    }

    /**
     * {@code --crash-at S --crash-kind K [--cache-mode [DISK=]M]... --tearing P}, or nothing
     * without a crash point. Only the cache modes the user set are given ({@code M} for every disk,
     * {@code DISK=M} for one): the others are inferred from the files again, the same way, so the
     * command gives the same verdicts and says the same about where each mode came from.
     */
    public static List<String> crashArgs(CrashPoint p) {
        if (p == null) {
            return List.of();
        }
        List<String> out =
                new ArrayList<>(
                        List.of(
                                "--crash-at",
                                Time.formatSeconds(p.atNs()),
                                "--crash-kind",
                                p.kind().jsonName()));
        p.cacheModes()
                .overrides()
                .forEach(
                        (disk, m) -> {
                            out.add("--cache-mode");
                            out.add(
                                    disk.equals(CacheModes.ALL)
                                            ? m.jsonName()
                                            : disk + "=" + m.jsonName());
                        });
        out.addAll(List.of("--tearing", p.tearing().jsonName()));
        return out;
    }

    /**
     * {@code orderlens analyze ...}: the findings and the crash analysis as text (add --json or
     * --csv).
     */
    public static List<String> analyze(Trace t, CrashPoint p) {
        List<String> argv = new ArrayList<>(List.of("orderlens", "analyze"));
        argv.addAll(inputArgs(t));
        argv.addAll(crashArgs(p));
        return argv;
    }

    /** {@code orderlens export ... [--from S --to S] --width W OUTPUT-OPTIONS}. */
    public static List<String> export(
            Trace t, CrashPoint p, long fromNs, long toNs, double width, List<String> outputs) {
        List<String> argv = new ArrayList<>(List.of("orderlens", "export"));
        argv.addAll(inputArgs(t));
        argv.addAll(crashArgs(p));
        if (fromNs != Time.NONE) {
            argv.add("--from");
            argv.add(Time.formatSeconds(fromNs));
        }
        if (toNs != Time.NONE) {
            argv.add("--to");
            argv.add(Time.formatSeconds(toNs));
        }
        argv.add("--width");
        argv.add(SvgPainter.num(width));
        argv.addAll(outputs);
        return argv;
    }

    /**
     * The words as one POSIX shell line, single-quoting any word with characters the shell would
     * interpret.
     */
    public static String shell(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!a.isEmpty() && PLAIN.matcher(a).matches()) {
                sb.append(a);
            } else {
                sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
