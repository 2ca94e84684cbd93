package dev.orderlens.importer;

/** A file that cannot be imported: names the file, the 1-based line (0 if none) and the reason. */
public final class ImportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String reason;

    public ImportException(String file, int line, String reason) {
        this(file, line, reason, null);
    }

    public ImportException(String file, int line, String reason, Throwable cause) {
        super((line > 0 ? file + ":" + line + ": " : file + ": ") + reason, cause);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
