package dev.orderlens.importer;

import java.util.Arrays;

/**
 * The arguments of one QEMU log line, read as {@code key value} pairs wherever they stand, so
 * renamed events and reordered or extra arguments still parse (docs/formats.md §4). The line is
 * split into tokens once; each lookup compares only token starts and lengths.
 */
final class QemuLineArgs implements QemuArgs {
    /** Token boundaries of the current line's arguments, split once per line. */
    int[] tokStart = new int[32];

    int[] tokEnd = new int[32];
    int tokens;
    private Fields f;
    private int argsStart;

    void split(Fields fields, int argsStart) {
        this.f = fields;
        this.argsStart = argsStart;
        Fields x = f;
        int i = argsStart;
        int end = x.end;
        int n = 0;
        while (i < end) {
            while (i < end && x.b[i] == ' ') {
                i++;
            }
            if (i == end) {
                break;
            }
            int s = i;
            while (i < end && x.b[i] != ' ') {
                i++;
            }
            if (n == tokStart.length) {
                tokStart = Arrays.copyOf(tokStart, n * 2);
                tokEnd = Arrays.copyOf(tokEnd, n * 2);
            }
            tokStart[n] = s;
            tokEnd[n++] = i;
        }
        tokens = n;
    }

    /**
     * The value after the token {@code key} (a trailing ',' or ':' on the key is ignored), or BAD.
     */
    @Override
    public long get(String key) {
        Fields x = f;
        int kl = key.length();
        char k0 = key.charAt(0);
        for (int t = 0; t < tokens - 1; t++) {
            int s = tokStart[t];
            int ke = tokEnd[t];
            if (x.b[s] != k0) {
                continue;
            }
            if (ke - s == kl + 1 && (x.b[ke - 1] == ',' || x.b[ke - 1] == ':')) {
                ke--;
            }
            if (ke - s == kl && x.equals(s, ke, key)) {
                x.p = tokStart[t + 1];
                return x.value();
            }
        }
        return Fields.BAD;
    }

    @Override
    public String text() {
        return argsStart < f.end ? f.text(argsStart, f.end) : null;
    }
}
