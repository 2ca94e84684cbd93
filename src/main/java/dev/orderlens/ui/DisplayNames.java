package dev.orderlens.ui;

import java.util.function.Function;
import javafx.util.StringConverter;

/** Shows choice-box items by a name (crash kinds, cache modes, variants); display only. */
final class DisplayNames {
    private DisplayNames() {}

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
