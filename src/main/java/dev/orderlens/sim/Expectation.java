package dev.orderlens.sim;

import java.util.List;

/**
 * What a scenario is about, as data: the analysis finding it should produce and what the
 * simulator's truth must (not) hold. docs/simulator.md describes the fields.
 *
 * @param finding a key of {@code orderlens analyze --json}: crossingWrites, overtakingWrites,
 *     concurrentOverlaps, drainViolations, promiseViolations, lostPredecessors, or none
 * @param layer the layer whose requests the finding names
 * @param write data tag of the write the finding is about
 * @param with data tag of the other write (overlap partner, predecessor), or null
 * @param state the write's state at the crash (durable, volatile, in-flight, lost, not-issued), or
 *     null
 * @param onMedia tags that must be on stable media in the truth
 * @param notOnMedia tags that must not be anywhere on media in the truth
 * @param note one line for people
 */
public record Expectation(
        String finding,
        String layer,
        String write,
        String with,
        String state,
        List<String> onMedia,
        List<String> notOnMedia,
        String note) {
    public static final List<String> FINDINGS =
            List.of(
                    "crossingWrites",
                    "overtakingWrites",
                    "concurrentOverlaps",
                    "drainViolations",
                    "promiseViolations",
                    "lostPredecessors",
                    "none");
    public static final List<String> STATES =
            List.of("durable", "volatile", "in-flight", "lost", "not-issued");
}
