package dev.orderlens.ui;

import java.util.function.Function;
import javafx.util.StringConverter;

/**
 * Shows choice-box items by a name (crash kinds, cache modes, variants), and counts with their
 * noun; display only.
 */
final class DisplayNames {
    private DisplayNames() {}

    /** "1 line", "2 lines", "1,234 lines" (nouns whose plural adds an s). */
    static String count(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    static <T> StringConverter<T> of(Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : name.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}
