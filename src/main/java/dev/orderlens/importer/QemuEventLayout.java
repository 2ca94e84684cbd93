package dev.orderlens.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * One QEMU trace event as its {@code trace-events} line declares it: {@code name(type arg, ...)
 * "format"}. The simple backend writes the arguments in declaration order, each as a u64 or, for a
 * {@code char *}, as a u32 length and the bytes (QEMU's scripts/tracetool/backend/simple.py); the
 * log backend prints them through the format. So the format gives each argument the key the log
 * importer looks for (the word before its conversion) and the width the log prints it with.
 *
 * @param name the event name
 * @param strings per argument: written as length + bytes ({@code is_string} in simple.py)
 * @param keys per argument: the word printed before it, or null (the log importer could not find it
 *     either, e.g. {@code "type=%d"})
 * @param conversions per argument: its printf conversion
 * @param literals the format's text around the conversions ({@code conversions.length + 1})
 */
record QemuEventLayout(
        String name,
        boolean[] strings,
        String[] keys,
        Conversion[] conversions,
        String[] literals) {

    /** One printf conversion: flags, width, length in bits (8..64) and the conversion letter. */
    record Conversion(boolean zeroPad, boolean leftAlign, int width, int bits, char letter) {
        boolean signed() {
            return letter == 'd' || letter == 'i';
        }

        /**
         * The value as the log prints it: simple.py writes {@code (uint64_t)arg}, so a negative
         * {@code int} arrives sign-extended, and %d / %u / %x print only the argument's own bits.
         */
        long normalize(long raw) {
            return switch (bits) {
                case 8 -> signed() ? (byte) raw : raw & 0xffL;
                case 16 -> signed() ? (short) raw : raw & 0xffffL;
                case 32 -> signed() ? (int) raw : raw & 0xffff_ffffL;
                default -> raw;
            };
        }
    }

    int arity() {
        return strings.length;
    }

    /** The value of argument {@code i} as the log's {@code key value} reading would give it. */
    long value(int i, long raw) {
        return conversions[i].normalize(raw);
    }

    /** The arguments as the log backend prints them (glibc's printf for the conversions used). */
    String render(long[] values, String[] text) {
        StringBuilder sb = new StringBuilder(literals[0]);
        for (int i = 0; i < conversions.length; i++) {
            Conversion c = conversions[i];
            String s;
            if (strings[i]) {
                s = text[i] == null ? "(null)" : text[i];
            } else {
                long v = values[i];
                s =
                        switch (c.letter()) {
                            case 'p' -> v == 0 ? "(nil)" : "0x" + Long.toHexString(v);
                            case 'x' -> Long.toHexString(v);
                            case 'X' -> Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
                            case 'o' -> Long.toOctalString(v);
                            case 'u' -> Long.toUnsignedString(v);
                            case 'c' -> String.valueOf((char) (v & 0xff));
                            default -> Long.toString(v);
                        };
            }
            pad(sb, s, c);
            sb.append(literals[i + 1]);
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, String s, Conversion c) {
        int fill = c.width() - s.length();
        if (fill <= 0) {
            sb.append(s);
        } else if (c.leftAlign()) {
            sb.append(s).append(" ".repeat(fill));
        } else if (c.zeroPad() && c.letter() != 's') {
            int sign = s.startsWith("-") ? 1 : 0;
            sb.append(s, 0, sign).append("0".repeat(fill)).append(s, sign, s.length());
        } else {
            sb.append(" ".repeat(fill)).append(s);
        }
    }

    /**
     * Parses one {@code trace-events} line ({@code [properties] name(args) "fmt" [PRIx64 "..."]}).
     * Throws IllegalArgumentException naming what is wrong.
     */
    static QemuEventLayout parse(String line) {
        int open = line.indexOf('(');
        int close = line.indexOf(')', open);
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException("expected 'name(args) \"format\"': " + line);
        }
        String head = line.substring(0, open).trim();
        String name = head.substring(head.lastIndexOf(' ') + 1); // after properties ("vcpu", ...)
        String argList = line.substring(open + 1, close).trim();
        List<String> args = new ArrayList<>();
        if (!argList.isEmpty() && !argList.equals("void")) {
            for (String a : argList.split(",")) {
                args.add(a.trim());
            }
        }
        String format = format(line.substring(close + 1).trim(), line);
        List<Conversion> conv = new ArrayList<>();
        List<String> lits = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char ch = format.charAt(i);
            if (ch != '%') {
                lit.append(ch);
                i++;
                continue;
            }
            if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            int[] end = new int[1];
            Conversion c = conversion(format, i + 1, end, line);
            keys.add(key(lit.toString()));
            lits.add(lit.toString());
            lit.setLength(0);
            conv.add(c);
            i = end[0];
        }
        lits.add(lit.toString());
        if (conv.size() != args.size()) {
            throw new IllegalArgumentException(
                    name + ": " + args.size() + " arguments but " + conv.size() + " conversions");
        }
        boolean[] strings = new boolean[args.size()];
        for (int a = 0; a < args.size(); a++) {
            strings[a] = isString(args.get(a));
            if (strings[a] != (conv.get(a).letter() == 's')) {
                throw new IllegalArgumentException(
                        name + ": argument '" + args.get(a) + "' printed as %" + conv.get(a));
            }
        }
        return new QemuEventLayout(
                name,
                strings,
                keys.toArray(String[]::new),
                conv.toArray(Conversion[]::new),
                lits.toArray(String[]::new));
    }

    /** {@code is_string} of QEMU's scripts/tracetool/backend/simple.py. */
    static boolean isString(String arg) {
        String a = arg.stripLeading();
        boolean charPtr =
                a.startsWith("const char*")
                        || a.startsWith("char*")
                        || a.startsWith("const char *")
                        || a.startsWith("char *");
        return charPtr && a.chars().filter(c -> c == '*').count() == 1;
    }

    /**
     * The key the log importer finds for a conversion preceded by {@code text}: the last word, when
     * a space separates it from the conversion or only "0x" does ({@code "flags 0x%x"}); the word
     * may end in ',' or ':' ({@link QemuLineArgs#get}). Null when the conversion is glued to other
     * text ({@code "type=%d"}) or follows another conversion.
     */
    private static String key(String text) {
        String t = text;
        if (t.endsWith("0x") || t.endsWith("0X")) {
            t = t.substring(0, t.length() - 2);
        }
        if (!t.endsWith(" ")) {
            return null;
        }
        t = t.stripTrailing();
        String word = t.substring(t.lastIndexOf(' ') + 1);
        if (word.endsWith(",") || word.endsWith(":")) {
            word = word.substring(0, word.length() - 1);
        }
        return word.isEmpty() || word.contains("%") ? null : word.intern();
    }

    /** The C string literals of the format joined, inttypes.h macros expanded as on LP64 Linux. */
    private static String format(String text, String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == ' ' || ch == '\t') {
                i++;
            } else if (ch == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                        char e = text.charAt(i);
                        out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else {
                        out.append(text.charAt(i));
                    }
                    i++;
                }
                if (i == text.length()) {
                    throw new IllegalArgumentException("unterminated format: " + line);
                }
                i++;
            } else {
                int s = i;
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
                String macro = text.substring(s, i);
                if (!macro.matches("PRI[diouxX](8|16|32|64|PTR|MAX)")) {
                    throw new IllegalArgumentException("unexpected '" + macro + "' in: " + line);
                }
                boolean wide =
                        macro.endsWith("64") || macro.endsWith("PTR") || macro.endsWith("MAX");
                out.append(wide ? "l" : "").append(macro.charAt(3));
            }
        }
        return out.toString();
    }

    /** The conversion starting after '%' at {@code at}; {@code end[0]} gets the index after it. */
    private static Conversion conversion(String f, int at, int[] end, String line) {
        int i = at;
        boolean zero = false;
        boolean left = false;
        while (i < f.length() && "-+ #0".indexOf(f.charAt(i)) >= 0) {
            zero |= f.charAt(i) == '0';
            left |= f.charAt(i) == '-';
            i++;
        }
        int width = 0;
        while (i < f.length() && Character.isDigit(f.charAt(i))) {
            width = width * 10 + (f.charAt(i++) - '0');
        }
        int bits = 32;
        while (i < f.length() && "hlzjtLq".indexOf(f.charAt(i)) >= 0) {
            char m = f.charAt(i++);
            bits = m == 'h' ? (bits == 16 ? 8 : 16) : 64;
        }
        if (i == f.length() || "diouxXpsc".indexOf(f.charAt(i)) < 0) {
            throw new IllegalArgumentException("unsupported conversion at " + at + ": " + line);
        }
        char letter = f.charAt(i);
        end[0] = i + 1;
        return new Conversion(zero, left, width, letter == 'p' ? 64 : bits, letter);
    }
}
