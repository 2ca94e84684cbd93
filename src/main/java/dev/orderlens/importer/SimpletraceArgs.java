package dev.orderlens.importer;

/**
 * The arguments of one simpletrace record, decoded through its event's {@link QemuEventLayout}:
 * each number normalised to what the log backend would print, each key the word the log prints
 * before it. Reused for every record (valid only while the event is dispatched).
 */
final class SimpletraceArgs implements QemuArgs {
    QemuEventLayout layout;
    long[] values = new long[16];
    String[] strings = new String[16];

    void bind(QemuEventLayout layout) {
        this.layout = layout;
        int n = layout == null ? 0 : layout.arity();
        if (n > values.length) {
            values = new long[n];
            strings = new String[n];
        }
    }

    @Override
    public long get(String key) {
        QemuEventLayout l = layout;
        if (l == null) {
            return Fields.BAD;
        }
        String[] keys = l.keys();
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i];
            if (k != null && (k == key || k.equals(key))) {
                return l.strings()[i] ? Fields.BAD : values[i];
            }
        }
        return Fields.BAD;
    }

    @Override
    public String text() {
        if (layout == null || layout.arity() == 0 && layout.literals()[0].isEmpty()) {
            return null;
        }
        return layout.render(values, strings);
    }
}
