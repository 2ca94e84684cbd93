package dev.orderlens.importer;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over one line's bytes with the few field scanners the text importers need (numbers,
 * words, spaces). Scanners return {@link #BAD} or false instead of throwing, so a bad line costs no
 * exception. Also interns short strings (process names, event names) without decoding each time.
 */
final class Fields {
    static final long BAD = Long.MIN_VALUE;

    /**
     * The largest time {@link #seconds()} accepts: 2^62 ns (about 146 years), so the difference of
     * any two times still fits a long.
     */
    static final long MAX_SECONDS = (1L << 62) / 1_000_000_000L;

    /** Set when {@link #seconds()} saw a well-formed time beyond {@link #MAX_SECONDS}. */
    boolean timeOutOfRange;

    byte[] b;
    int p;
    int end;

    private final String[] cache = new String[1024];

    void reset(byte[] buf, int from, int to) {
        timeOutOfRange = false;
        b = buf;
        p = from;
        end = to;
    }

    int peek() {
        return p < end ? b[p] : -1;
    }

    /** Skips spaces and tabs; returns how many. */
    int spaces() {
        // locals, not fields, in the hot loops: C1 (the CLI's compiler) keeps them in registers
        byte[] x = b;
        int e = end;
        int s = p;
        int i = s;
        while (i < e && (x[i] == ' ' || x[i] == '\t')) {
            i++;
        }
        p = i;
        return i - s;
    }

    boolean eat(char c) {
        if (p < end && b[p] == c) {
            p++;
            return true;
        }
        return false;
    }

    /** Unsigned decimal number, or BAD when no digit is here. */
    long number() {
        byte[] x = b;
        int e = end;
        int s = p;
        int i = s;
        long v = 0;
        while (i < e) {
            int d = x[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            i++;
        }
        if (i == s || i - s > 18) {
            return BAD; // p stays at s
        }
        p = i;
        return v;
    }

    /**
     * Signed decimal, 0x-prefixed hex, or "(nil)" (= 0); BAD when none. Stops at the token's end.
     */
    long value() {
        int s = p;
        boolean neg = eat('-');
        long v;
        if (p + 1 < end && b[p] == '0' && (b[p + 1] == 'x' || b[p + 1] == 'X')) {
            p += 2;
            v = hex();
        } else if (p + 4 < end && b[p] == '(' && b[p + 1] == 'n' && b[p + 4] == ')') {
            p += 5;
            v = 0;
        } else {
            v = number();
        }
        if (v == BAD) {
            p = s;
            return BAD;
        }
        return neg ? -v : v;
    }

    /** Hex digits (no prefix), or BAD. */
    long hex() {
        int s = p;
        long v = 0;
        while (p < end) {
            int c = b[p];
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                break;
            }
            v = (v << 4) | d;
            p++;
        }
        if (p == s || p - s > 16) {
            p = s;
            return BAD;
        }
        return v;
    }

    /** Seconds "123.456789" as ns (any number of fraction digits up to 9), or BAD. */
    long seconds() {
        int s = p;
        long sec = number();
        if (sec == BAD || !eat('.')) {
            p = s;
            return BAD;
        }
        int fs = p;
        long frac = number();
        int digits = p - fs;
        if (frac == BAD || digits > 9) {
            p = s;
            return BAD;
        }
        for (int i = digits; i < 9; i++) {
            frac *= 10;
        }
        if (sec > MAX_SECONDS) { // sec * 1e9 would wrap around, or times could not be subtracted
            p = s;
            timeOutOfRange = true;
            return BAD;
        }
        return sec * 1_000_000_000L + frac;
    }

    /** End of the token at p (next space or tab or line end). */
    int tokenEnd() {
        byte[] x = b;
        int e = end;
        int i = p;
        while (i < e && x[i] != ' ' && x[i] != '\t') {
            i++;
        }
        return i;
    }

    /** True when [from, to) holds only ASCII letters. */
    boolean letters(int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] | 0x20;
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /** Position of the last occurrence of c in [from, end), or -1. */
    int lastIndexOf(char c, int from) {
        for (int i = end - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** True when [from, to) equals the ASCII text s. */
    boolean equals(int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The text of [from, to), interned through a small cache (process and event names repeat). */
    String string(int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (cache.length - 1);
        String c = cache[slot];
        if (c != null && equals(from, to, c)) {
            return c;
        }
        String s = new String(b, from, to - from, StandardCharsets.UTF_8);
        cache[slot] = s;
        return s;
    }

    /** Text of [from, to) without caching (free text). */
    String text(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
