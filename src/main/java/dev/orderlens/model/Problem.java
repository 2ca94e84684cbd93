package dev.orderlens.model;

/** One thing wrong with the input: the file, the 1-based line (0 if none) and what was expected. */
public record Problem(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
