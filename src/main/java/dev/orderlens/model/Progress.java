package dev.orderlens.model;

/**
 * Where long work reports progress and learns that it should stop. Shared by importers, analyses
 * and the simulator so the GUI and the CLI drive them the same way.
 */
public interface Progress {
    Progress NONE =
            new Progress() {
                @Override
                public void update(long done, long total) {}

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };

    /** {@code total} may be -1 when unknown. Called often; implementations must be cheap. */
    void update(long done, long total);

    boolean isCancelled();

    /** Throws {@link CancelledException} when the user asked to stop. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Thrown by long work that noticed a cancel request. */
    final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
