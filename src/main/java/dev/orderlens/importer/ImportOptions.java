package dev.orderlens.importer;

/**
 * Per-file choices the user can make.
 *
 * @param layer layer id the file describes ("guest", "device", ...), or null for the importer's
 *     default
 * @param strict stop at the first bad line instead of skipping it
 */
public record ImportOptions(String layer, boolean strict) {
    public static final ImportOptions DEFAULT = new ImportOptions(null, false);

    public ImportOptions withLayer(String l) {
        return new ImportOptions(l, strict);
    }
}
