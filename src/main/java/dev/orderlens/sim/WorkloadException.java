package dev.orderlens.sim;

/**
 * A workload or scenario file the simulator cannot run: the message names the file, the line, the
 * JSON path and what was expected, e.g. {@code wal.json:14: steps[3].sector: expected an integer >=
 * 0, got "abc"}.
 */
public final class WorkloadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String path;

    public WorkloadException(String file, int line, String path, String message) {
        super(format(file, line, path, message), null, false, false);
        this.file = file;
        this.line = line;
        this.path = path;
    }

    private static String format(String file, int line, String path, String message) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String path() {
        return path;
    }
}
