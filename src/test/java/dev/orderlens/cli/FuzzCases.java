package dev.orderlens.cli;

import java.nio.file.Path;

/**
 * Writes fuzz cases without running them, for a campaign through the launcher
 * (scripts/fuzz-launcher.sh): {@code FuzzCases CASES SEED DIR} writes each case's input to DIR and
 * prints one line per case: its number, mutation, mutated option (or empty) and arguments,
 * separated by the ASCII unit separator (0x1F, which no argument holds).
 */
public final class FuzzCases {
    private FuzzCases() {}

    public static void main(String[] args) throws Exception {
        int cases = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        FuzzHarness h = new FuzzHarness(Path.of(args[2]));
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < cases; c++) {
            FuzzHarness.Case k = h.prepare(c, seed);
            out.setLength(0);
            out.append(c).append('\u001f').append(k.mutation()).append('\u001f');
            out.append(k.mutatedOption() == null ? "" : k.mutatedOption());
            for (String a : k.args()) {
                out.append('\u001f').append(a);
            }
            System.out.println(out);
        }
    }
}
