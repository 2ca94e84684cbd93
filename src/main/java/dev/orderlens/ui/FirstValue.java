package dev.orderlens.ui;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/**
 * Runs an action once, at the first change of an observable value to one that passes a test, then
 * stops listening: "when the analysis is ready", "when the node is in a scene", "when the tab is
 * first selected". Only changes count, not the value at the time of the call.
 */
final class FirstValue {
    private FirstValue() {}

    /** Runs {@code action} with the first new value that passes {@code test}. */
    static <T> void when(
            ObservableValue<T> value, Predicate<? super T> test, Consumer<? super T> action) {
        value.addListener(
                new ChangeListener<T>() {
                    @Override
                    public void changed(ObservableValue<? extends T> o, T was, T now) {
                        if (test.test(now)) {
                            value.removeListener(this);
                            action.accept(now);
                        }
                    }
                });
    }

    /** Runs {@code action} with the first new value that is not null. */
    static <T> void whenSet(ObservableValue<T> value, Consumer<? super T> action) {
        when(value, Objects::nonNull, action);
    }
}
