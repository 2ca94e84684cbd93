package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One hand-written case per rule of the blkparse importer (docs/importers.md, ADR 0011): each input
 * is a few raw lines, and each expected request is written from those lines by reasoning (the
 * comment above it names the lines). The golden dumps of {@link GoldenFileTest} may only be
 * regenerated while these pass.
 *
 * <p>A request is described as {@code "#id op flags sector+count q=.. d=.. c=.. status parent=..
 * lines=[..]"}, times in microseconds, {@code -} for an absent time or parent; the id is the line
 * of the request's first event.
 */
class BlkparseRulesTest {

    static Trace read(String... lines) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("rules.txt", String.join("\n", lines) + "\n"),
                        new ImportOptions(null, false),
                        Progress.NONE);
    }

    static String describe(Trace t, int i) {
        Requests r = t.requests();
        int p = r.parent(i);
        return "#"
                + r.id(i)
                + " "
                + r.op(i).jsonName()
                + " "
                + String.join(",", Flags.names(r.flags(i)))
                + " "
                + r.sector(i)
                + "+"
                + r.count(i)
                + " q="
                + us(r.submit(i))
                + " d="
                + us(r.issue(i))
                + " c="
                + us(r.complete(i))
                + " "
                + r.status(i).jsonName()
                + " parent="
                + (p < 0 ? "-" : "#" + r.id(p))
                + " lines="
                + Arrays.toString(r.sourceLines(i));
    }

    private static String us(long ns) {
        return ns == Time.NONE ? "-" : ns % 1000 == 0 ? Long.toString(ns / 1000) : ns + "ns";
    }

    /** Every request, in id order (ids are source lines, so this is the order of the input). */
    static List<String> requests(Trace t) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < t.requests().size(); i++) {
            rows.add(i);
        }
        rows.sort((a, b) -> Integer.compare(t.requests().id(a), t.requests().id(b)));
        return rows.stream().map(i -> describe(t, i)).toList();
    }

    static List<String> problems(Trace t) {
        return t.sources().get(0).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aQueuedBioIsOneRequestFromQToC() throws Exception {
        Trace t =
                read(
                        "8,0 0 1 0.000010000 100 Q WS 1000 + 8 [dd]",
                        "8,0 0 2 0.000011000 100 G WS 1000 + 8 [dd]",
                        "8,0 0 3 0.000012000 100 I WS 1000 + 8 [dd]",
                        "8,0 0 4 0.000020000 56 D WS 1000 + 8 [kworker/0:1H]",
                        "8,0 0 5 0.000100000 0 C WS 1000 + 8 [0]");
        // lines 1-5: Q at 10 µs is the submit, D at 20 µs the issue, C at 100 µs [0] = OK
        assertEquals(
                List.of("#1 write sync 1000+8 q=10 d=20 c=100 ok parent=- lines=[1, 2, 3, 4, 5]"),
                requests(t));
        Requests r = t.requests();
        assertEquals(11_000, r.allocate(0), "G (line 2)");
        assertEquals(12_000, r.insert(0), "I (line 3)");
        assertEquals(100, r.pid(0), "the Q's pid (line 1), not the D's");
        assertEquals("dd", r.process(0));
    }

    @Test
    void completionsInAnyOrderAndRewritesOfOneSectorPairFirstInFirstOut() throws Exception {
        Trace t =
                read(
                        "8,0 0 1 0.000000000 200 Q R 100 + 8 [fio]",
                        "8,0 0 2 0.000001000 200 D R 100 + 8 [fio]",
                        "8,0 0 3 0.000002000 200 Q R 300 + 16 [fio]",
                        "8,0 0 4 0.000003000 200 D R 300 + 16 [fio]",
                        "8,0 1 1 0.000050000 0 C R 300 + 16 [0]",
                        "8,0 1 2 0.000060000 0 C R 100 + 8 [0]",
                        "8,0 0 5 0.000070000 201 Q W 700 + 8 [a]",
                        "8,0 0 6 0.000071000 201 D W 700 + 8 [a]",
                        "8,0 0 7 0.000072000 202 Q W 700 + 8 [b]",
                        "8,0 0 8 0.000073000 202 D W 700 + 8 [b]",
                        "8,0 1 3 0.000080000 0 C W 700 + 8 [0]",
                        "8,0 1 4 0.000090000 0 C W 700 + 8 [-5]");
        assertEquals(
                List.of(
                        // lines 1, 2, 6: the read of 100+8 completes second (60 µs)
                        "#1 read  100+8 q=0 d=1 c=60 ok parent=- lines=[1, 2, 6]",
                        // lines 3, 4, 5: the read of 300+16 completes first (50 µs)
                        "#3 read  300+16 q=2 d=3 c=50 ok parent=- lines=[3, 4, 5]",
                        // lines 7, 8, 11: two writes of 700+8 in flight; the first C (line 11)
                        // goes to the oldest (line 7)
                        "#7 write  700+8 q=70 d=71 c=80 ok parent=- lines=[7, 8, 11]",
                        // lines 9, 10, 12: the second C, error -5 (EIO)
                        "#9 write  700+8 q=72 d=73 c=90 error parent=- lines=[9, 10, 12]"),
                requests(t));
    }

    @Test
    void twoQueuedBiosOfOneKeyAreIssuedOldestFirst() throws Exception {
        // Two bios of the same key (8,0, W, 700+8) wait in the queue; each D then each C is for
        // one of them. Like btt, a D goes to the oldest queued bio of its key (docs/importers.md,
        // "Matching"): FIFO. Newest-first matching would pair line 3 with line 2 instead.
        Trace t =
                read(
                        "8,0 0 1 0.000000000 201 Q W 700 + 8 [a]",
                        "8,0 0 2 0.000001000 202 Q W 700 + 8 [b]",
                        "8,0 0 3 0.000005000 56 D W 700 + 8 [kworker/0:1H]",
                        "8,0 1 1 0.000020000 0 C W 700 + 8 [0]",
                        "8,0 0 4 0.000030000 56 D W 700 + 8 [kworker/0:1H]",
                        "8,0 1 2 0.000050000 0 C W 700 + 8 [0]");
        assertEquals(
                List.of(
                        // line 1 (a, queued at 0) is the oldest when the D of line 3 comes (5 µs);
                        // the C of line 4 (20 µs) finds it the only one issued
                        "#1 write  700+8 q=0 d=5 c=20 ok parent=- lines=[1, 3, 4]",
                        // line 2 (b, queued at 1 µs) is left for the D of line 5 (30 µs) and the
                        // C of line 6 (50 µs)
                        "#2 write  700+8 q=1 d=30 c=50 ok parent=- lines=[2, 5, 6]"),
                requests(t));
        Requests r = t.requests();
        assertEquals(
                List.of("a", "b"),
                List.of(r.process(0), r.process(1)),
                "each keeps its own Q's process, not the kworker of its D");
        assertEquals(List.of(), problems(t));
    }

    @Test
    void backAndFrontMergesFoldTheBioIntoTheRequest() throws Exception {
        Trace t =
                read(
                        "254,0 1 1 0.000000000 110 Q WS 84800 + 8 [dd]",
                        "254,0 1 2 0.000001000 110 G WS 84800 + 8 [dd]",
                        "254,0 1 3 0.000010000 110 Q WS 84808 + 8 [dd]",
                        "254,0 1 4 0.000011000 110 M WS 84808 + 8 [dd]",
                        "254,0 1 5 0.000020000 110 Q WS 84792 + 8 [dd]",
                        "254,0 1 6 0.000021000 110 F WS 84792 + 8 [dd]",
                        "254,0 1 7 0.000030000 110 I WS 84792 + 24 [dd]",
                        "254,0 1 8 0.000040000 110 D WS 84792 + 24 [dd]",
                        "254,0 1 9 0.000900000 0 C WS 84792 + 24 [0]");
        // line 4: 84808 joins the request ending at 84808 (back merge) -> 84800+16;
        // line 6: 84792+8 ends where it starts (front merge) -> 84792+24, which I/D/C name
        assertEquals(
                List.of(
                        "#1 write sync,merged 84792+24 q=0 d=40 c=900 ok parent=-"
                                + " lines=[1, 2, 3, 4, 5, 6, 7, 8, 9]"),
                requests(t));
        Events e = t.events();
        List<String> merges = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.MERGE) {
                merges.add(
                        e.name(i)
                                + " "
                                + e.sector(i)
                                + " queued="
                                + us(e.queued(i))
                                + " request=#"
                                + t.requests().id(e.request(i)));
            }
        }
        // the merge events keep each bio's own Q time (lines 3 and 5), for btt's Q2M
        assertEquals(
                List.of("M 84808 queued=10 request=#1", "F 84792 queued=20 request=#1"), merges);
    }

    @Test
    void aSplitCutsTheBioAndTheRemainderIsALinkedRequest() throws Exception {
        Trace t =
                read(
                        "253,0 0 1 0.000000000 300 Q W 10240 + 512 [fio]",
                        "253,0 0 2 0.000001000 300 X W 10240 / 10496 [fio]",
                        "253,0 1 1 0.000610000 0 C W 10496 + 256 [0]",
                        "253,0 1 2 0.000620000 0 C W 10240 + 256 [0]",
                        "253,0 0 3 0.001000000 302 X W 777 / 780 [x]");
        assertEquals(
                List.of(
                        // lines 1, 2, 4: 10240+512 split at 10496 keeps 10240+256; a bio-based
                        // device has no D, so it is flagged no-issue
                        "#1 write no-issue,split 10240+256 q=0 d=- c=620 ok parent=- lines=[1, 2, 4]",
                        // lines 2, 3: the remainder 10496+256 starts at the split (line 2)
                        "#2 write no-issue,split 10496+256 q=1 d=- c=610 ok parent=#1 lines=[2, 3]"),
                requests(t));
        // line 5: a split of nothing in flight is an event and a problem, not a request
        assertEquals(
                List.of(
                        "rules.txt:5: split (X) of a bio at sector 777 that is not in flight;"
                                + " kept as an event only"),
                problems(t));
    }

    @Test
    void aRemapLinksTheLowerRequestToTheUpperBio() throws Exception {
        Trace t =
                read(
                        "253,0 0 1 0.000000000 300 Q W 10240 + 512 [fio]",
                        "253,0 0 2 0.000001000 300 X W 10240 / 10496 [fio]",
                        "  8,0 0 1 0.000002000 300 A W 2058240 + 256 <- (253,0) 10240",
                        "  8,0 0 2 0.000003000 300 Q W 2058240 + 256 [fio]",
                        "  8,0 0 3 0.000004000 300 A W 2058496 + 256 <- (253,0) 10496",
                        "  8,0 0 4 0.000005000 300 Q W 2058496 + 256 [fio]",
                        "  8,0 0 5 0.000006000 300 D W 2058240 + 256 [fio]",
                        "  8,0 0 6 0.000007000 300 D W 2058496 + 256 [fio]",
                        "  8,0 1 1 0.000500000 0 C W 2058496 + 256 [0]",
                        "  8,0 1 2 0.000600000 0 C W 2058240 + 256 [0]",
                        "253,0 1 1 0.000610000 0 C W 10496 + 256 [0]",
                        "253,0 1 2 0.000620000 0 C W 10240 + 256 [0]");
        assertEquals(
                List.of(
                        // lines 1, 2, 12; issued when handed down (the A of line 3, 2 µs)
                        "#1 write split 10240+256 q=0 d=2 c=620 ok parent=- lines=[1, 2, 12]",
                        // lines 2, 11; issued by the A of line 5 (4 µs)
                        "#2 write split 10496+256 q=1 d=4 c=610 ok parent=#1 lines=[2, 11]",
                        // lines 3, 4, 7, 10: 10240 of 253,0 lands at 2058240 of 8,0
                        "#3 write remapped 2058240+256 q=3 d=6 c=600 ok parent=#1 lines=[3, 4, 7, 10]",
                        // lines 5, 6, 8, 9: 10496 lands at 2058496
                        "#5 write remapped 2058496+256 q=5 d=7 c=500 ok parent=#2 lines=[5, 6, 8, 9]"),
                requests(t));
        assertEquals(List.of(), problems(t));
    }

    @Test
    void aRequeuedRequestStaysOneRequestIssuedAgain() throws Exception {
        Trace t =
                read(
                        "8,0 0 1 0.000000000 400 Q W 2048 + 8 [kworker]",
                        "8,0 0 2 0.000001000 400 G W 2048 + 8 [kworker]",
                        "8,0 0 3 0.000002000 400 I W 2048 + 8 [kworker]",
                        "8,0 0 4 0.000003000 400 D W 2048 + 8 [kworker]",
                        "8,0 0 5 0.000100000 0 R W 2048 + 8 [0]",
                        "8,0 0 6 0.000150000 400 I W 2048 + 8 [kworker]",
                        "8,0 0 7 0.000200000 400 D W 2048 + 8 [kworker]",
                        "8,0 0 8 0.000300000 0 C W 2048 + 8 [0]",
                        "8,0 0 9 0.000400000 0 R W 9999 + 8 [0]");
        // lines 1-8: R (line 5) gives it back; issue is the latest D (line 7), insert the latest I
        assertEquals(
                List.of(
                        "#1 write requeued 2048+8 q=0 d=200 c=300 ok parent=-"
                                + " lines=[1, 2, 3, 4, 5, 6, 7, 8]"),
                requests(t));
        assertEquals(150_000, t.requests().insert(0));
        // line 9: a requeue of nothing in flight
        assertEquals(
                List.of(
                        "rules.txt:9: requeue (R) of a request that is not in flight; kept as an"
                                + " event only"),
                problems(t));
    }

    @Test
    void aPreflushFuaBioIsOneRequestAndItsMachineryFlushesAreLinkedFlushes() throws Exception {
        Trace t =
                read(
                        "254,0 0 1 0.000000000 112 Q FWFSM 152 + 8 [jbd2/vda-8]",
                        "254,0 0 2 0.000001000 112 G FWFSM 152 + 8 [jbd2/vda-8]",
                        "254,0 0 3 0.000002000 43 D FN [kworker/0:1H]",
                        "254,0 0 4 0.000010000 0 C FN 0 [0]",
                        "254,0 0 5 0.000011000 43 D WSM 152 + 8 [kworker/0:1H]",
                        "254,0 0 6 0.000020000 0 C WSM 152 + 8 [0]",
                        "254,0 0 7 0.000021000 43 D FN [kworker/0:1H]",
                        "254,0 0 8 0.000030000 0 C FN 0 [0]",
                        "254,0 0 9 0.000031000 0 C WSM 152 [0]",
                        "254,0 1 1 0.000100000 110 Q FWS [dd]",
                        "254,0 1 2 0.000101000 110 G FWS [dd]",
                        "254,0 1 3 0.000102000 56 D FN [kworker/1:1H]",
                        "254,0 1 4 0.000110000 0 C FN 0 [0]",
                        "254,0 1 5 0.000111000 0 C WS 0 [0]");
        assertEquals(
                List.of(
                        // lines 1, 2, 5, 6, 9: the bio from its Q to its size-less C (line 9),
                        // after the post-flush; issued when its data went (line 5)
                        "#1 write fua,preflush,sync,meta 152+8 q=0 d=11 c=31 ok parent=-"
                                + " lines=[1, 2, 5, 6, 9]",
                        // lines 3, 4: the preflush, served for #1
                        "#3 flush  0+0 q=2 d=2 c=10 ok parent=#1 lines=[3, 4]",
                        // lines 7, 8: the post-flush after the data completed (line 6)
                        "#7 flush  0+0 q=21 d=21 c=30 ok parent=#1 lines=[7, 8]",
                        // lines 10, 11, 14: an fsync (data-less PREFLUSH write) is a flush,
                        // issued as its machinery flush (line 12), complete at line 14
                        "#10 flush preflush,sync 0+0 q=100 d=102 c=111 ok parent=-"
                                + " lines=[10, 11, 14]",
                        // lines 12, 13
                        "#12 flush  0+0 q=102 d=102 c=110 ok parent=#10 lines=[12, 13]"),
                requests(t));
    }

    @Test
    void whatTheTraceDoesNotShowIsFlaggedNotDropped() throws Exception {
        Trace t =
                read(
                        "8,0 0 1 0.000000000 800 D W 100 + 8 [kworker]",
                        "8,0 0 2 0.000100000 0 C W 100 + 8 [0]",
                        "8,0 0 3 0.000200000 0 C R 200 + 8 [0]",
                        "8,0 0 4 0.000300000 801 G W 300 + 8 [x]",
                        "8,0 0 5 0.000400000 801 D W 300 + 8 [x]",
                        "8,0 0 6 0.000500000 802 Q W 400 + 8 [y]",
                        "8,0 0 7 0.000600000 802 G W 400 + 8 [y]");
        assertEquals(
                List.of(
                        // lines 1, 2: issued with no Q: submit = the D
                        "#1 write no-queue 100+8 q=0 d=0 c=100 ok parent=- lines=[1, 2]",
                        // line 3: a lone C: neither queued nor issued
                        "#3 read no-queue,no-issue 200+8 q=200 d=- c=200 ok parent=- lines=[3]",
                        // lines 4, 5: starts at G, never completes: status unknown
                        "#4 write no-queue,no-complete 300+8 q=300 d=400 c=- unknown parent=-"
                                + " lines=[4, 5]",
                        // lines 6, 7: queued, never issued nor completed
                        "#6 write no-complete 400+8 q=500 d=- c=- unknown parent=- lines=[6, 7]"),
                requests(t));
    }

    /** The dm-crypt stack of capture-notes: vda below dm-0, the journal commit and two fsyncs. */
    static final String[] EMPTY_FLUSH_REMAPS = {
        "253,0 0 1 0.000000000 112 Q FWFSM 256 + 8 [jbd2/dm-0-8]",
        "  8,0 0 1 0.000001000 112 A FWFSM 256 + 0 <- (253,0) 256",
        "  8,0 0 2 0.000002000 112 Q FWFSM [jbd2/dm-0-8]",
        "  8,0 0 3 0.000003000 43 D FN [kworker/0:1H]",
        "  8,0 0 4 0.000010000 0 C FN 0 [0]",
        "  8,0 0 5 0.000011000 0 C WS 256 [0]",
        "  8,0 0 6 0.000012000 300 A WFSM 4352 + 8 <- (253,0) 256",
        "  8,0 0 7 0.000013000 300 Q WFSM 4352 + 8 [kworker/u4:2]",
        "  8,0 0 8 0.000014000 43 D WSM 4352 + 8 [kworker/0:1H]",
        "  8,0 0 9 0.000020000 0 C WSM 4352 + 8 [0]",
        "  8,0 0 10 0.000021000 43 D FN [kworker/0:1H]",
        "  8,0 0 11 0.000030000 0 C FN 0 [0]",
        "  8,0 0 12 0.000031000 0 C WSM 4352 [0]",
        "253,0 0 2 0.000032000 0 C WFSM 256 + 8 [0]",
        "  8,0 0 13 0.000040000 500 A FWS 16384 + 0 <- (253,1) 0",
        "  8,0 0 14 0.000041000 500 Q FWS [dd]",
        "  8,0 0 15 0.000042000 43 D FN [kworker/0:1H]",
        "  8,0 0 16 0.000050000 0 C FN 0 [0]",
        "  8,0 0 17 0.000051000 0 C WS 16384 [0]"
    };

    @Test
    void aRemapOfAnEmptyFlushNeverMakesARequest() throws Exception {
        Trace t = read(EMPTY_FLUSH_REMAPS);
        assertEquals(
                List.of(
                        // lines 1, 14: dm-0's commit; issued at the first remap below (line 2)
                        "#1 write fua,preflush,sync,meta 256+8 q=0 d=1 c=32 ok parent=-"
                                + " lines=[1, 14]",
                        // lines 2, 3, 6: the empty flush dm sends down; its Q prints no sector,
                        // the A (line 2) says 256, which its completion (line 6) names
                        "#2 flush fua,preflush,sync,meta,remapped 0+0 q=2 d=3 c=11 ok parent=#1"
                                + " lines=[2, 3, 6]",
                        // lines 4, 5: vda's preflush for it
                        "#4 flush  0+0 q=3 d=3 c=10 ok parent=#2 lines=[4, 5]",
                        // lines 7-10, 13: the commit block, 256 of dm-0 at 4352 of vda
                        "#7 write fua,sync,meta,remapped 4352+8 q=13 d=14 c=31 ok parent=#1"
                                + " lines=[7, 8, 9, 10, 13]",
                        // lines 11, 12: its post-flush
                        "#11 flush  0+0 q=21 d=21 c=30 ok parent=#7 lines=[11, 12]",
                        // lines 15, 16, 19: an fsync of dm-1 (not traced) remapped to 16384
                        "#15 flush preflush,sync,remapped 0+0 q=41 d=42 c=51 ok parent=-"
                                + " lines=[15, 16, 19]",
                        // lines 17, 18
                        "#17 flush  0+0 q=42 d=42 c=50 ok parent=#15 lines=[17, 18]"),
                requests(t));
        assertEquals(List.of(), problems(t));
    }

    @Test
    void aLoneCompletionDoesNotTakeARemap() throws Exception {
        Trace t =
                read(
                        "  8,0 0 1 0.000001000 112 A WS 4352 + 8 <- (253,0) 256",
                        "  8,0 0 2 0.000002000 0 C WS 4352 + 8 [0]");
        // line 1 announces a bio that the trace never queues; line 2 completes something never
        // queued nor issued: a request of its own, not a remapped one
        assertEquals(
                List.of("#2 write no-queue,no-issue 4352+8 q=2 d=- c=2 ok parent=- lines=[2]"),
                requests(t));
    }

    @Test
    void deviceMapperSplitsAreOneBioCompletedOnce() throws Exception {
        Trace t =
                read(
                        "253,2 0 1 0.000000000 600 Q WFS 16256 + 384 [dd]",
                        "253,2 0 2 0.000001000 600 X WFS 16384 / 16384 [dd]",
                        "253,2 0 3 0.000002000 600 X WFS 16512 / 16512 [dd]",
                        "253,2 1 1 0.000500000 0 C WFS 16512 + 128 [0]",
                        "253,2 0 4 0.001000000 600 Q WS 32768 + 256 [dd]",
                        "253,2 0 5 0.001001000 600 X WS 32896 / 32896 [dd]",
                        "253,2 1 2 0.001500000 0 C WS 32768 + 256 [0]",
                        "253,2 0 6 0.002000000 600 X WS 50000 / 50000 [dd]");
        assertEquals(
                List.of(
                        // lines 1-4: dm cut the bio at 16384 and at 16512 (X s / s names the
                        // remainder); the one C names the last remainder, 16512 + 128
                        "#1 write fua,sync,no-issue,split 16256+384 q=0 d=- c=500 ok parent=-"
                                + " lines=[1, 2, 3, 4]",
                        // lines 5-7: the C names the whole bio
                        "#5 write sync,no-issue,split 32768+256 q=1000 d=- c=1500 ok parent=-"
                                + " lines=[5, 6, 7]"),
                requests(t));
        assertEquals(
                List.of(
                        "rules.txt:8: split (X) at sector 50000 inside no bio in flight; kept as"
                                + " an event only"),
                problems(t));
    }

    @Test
    void anErrorIsTheBracketAsUnsigned16Bits() throws Exception {
        Trace t =
                read(
                        "8,0 0 1 0.000000000 7 Q W 100 + 8 [dd]",
                        "8,0 0 2 0.000001000 7 D W 100 + 8 [dd]",
                        "8,0 0 3 0.000002000 0 C W 100 + 8 [65531]",
                        "8,0 0 4 0.000003000 7 Q W 200 + 8 [dd]",
                        "8,0 0 5 0.000004000 7 D W 200 + 8 [dd]",
                        "8,0 0 6 0.000005000 0 C W 200 + 8 [65508]",
                        "8,0 0 7 0.000006000 7 Q WFS 300 + 8 [dd]",
                        "8,0 0 8 0.000007000 7 D WS 300 + 8 [dd]",
                        "8,0 0 9 0.000008000 0 C WS 300 + 8 [0]",
                        "8,0 0 10 0.000009000 43 D FN [kworker]",
                        "8,0 0 11 0.000010000 0 C FN 0 [65531]",
                        "8,0 0 12 0.000011000 0 C WS 300 [65531]");
        assertEquals(
                List.of(
                        // lines 1-3: 65531 = 65536 - 5, -EIO
                        "#1 write  100+8 q=0 d=1 c=2 error parent=- lines=[1, 2, 3]",
                        // lines 4-6: 65508 = 65536 - 28, -ENOSPC
                        "#4 write  200+8 q=3 d=4 c=5 error parent=- lines=[4, 5, 6]",
                        // lines 7-9, 12: the data went OK but the post-flush failed, and so did
                        // the bio (its final C, line 12)
                        "#7 write fua,sync 300+8 q=6 d=7 c=11 error parent=- lines=[7, 8, 9, 12]",
                        // lines 10, 11
                        "#10 flush  0+0 q=9 d=9 c=10 error parent=#7 lines=[10, 11]"),
                requests(t));
    }

    /** Two dm-0 journal blocks remapped to vda, merged there into one request, then a flush. */
    static final String[] MERGED_REMAPS = {
        "253,0 0 1 0.000000000 112 Q WS 256 + 8 [jbd2]",
        "253,0 0 2 0.000001000 112 Q WS 264 + 8 [jbd2]",
        "  8,0 0 1 0.000002000 112 A WS 4352 + 8 <- (253,0) 256",
        "  8,0 0 2 0.000003000 112 Q WS 4352 + 8 [kcryptd]",
        "  8,0 0 3 0.000004000 112 G WS 4352 + 8 [kcryptd]",
        "  8,0 0 4 0.000005000 112 A WS 4360 + 8 <- (253,0) 264",
        "  8,0 0 5 0.000006000 112 Q WS 4360 + 8 [kcryptd]",
        "  8,0 0 6 0.000007000 112 M WS 4360 + 8 [kcryptd]",
        "  8,0 0 7 0.000008000 43 D WS 4352 + 16 [kworker]",
        "  8,0 0 8 0.000020000 0 C WS 4352 + 16 [0]",
        "253,0 0 3 0.000021000 0 C WS 256 + 8 [0]",
        "253,0 0 4 0.000022000 0 C WS 264 + 8 [0]",
        "  8,0 0 9 0.000030000 500 Q FWS [sync]",
        "  8,0 0 10 0.000031000 43 D FN [kworker]",
        "  8,0 0 11 0.000040000 0 C FN 0 [0]",
        "  8,0 0 12 0.000041000 0 C WS 0 [0]"
    };

    @Test
    void aRequestMadeOfMergedRemappedBiosHasEachUpperBioAsParent() throws Exception {
        Trace t = read(MERGED_REMAPS);
        List<String> all = requests(t);
        // lines 1, 11 and 2, 12: the two dm-0 bios, each issued at its A (lines 3 and 6)
        assertEquals("#1 write sync 256+8 q=0 d=2 c=21 ok parent=- lines=[1, 11]", all.get(0));
        assertEquals("#2 write sync 264+8 q=1 d=5 c=22 ok parent=- lines=[2, 12]", all.get(1));
        // lines 3-10: 4360 merges behind 4352 (line 8): one vda request of both
        assertEquals(
                "#3 write sync,merged,remapped 4352+16 q=3 d=8 c=20 ok parent=#1"
                        + " lines=[3, 4, 5, 6, 7, 8, 9, 10]",
                all.get(2));
        Requests r = t.requests();
        int row = r.rowOfId(0, 3);
        assertEquals(List.of(1, 2), Arrays.stream(r.parents(row)).map(r::id).boxed().toList());
    }

    @Test
    void aBioJoiningAfterAFlushWasKickedWaitsForTheNextFlush() throws Exception {
        Trace t =
                read(
                        "8,0 0 1 0.000000000 7 Q WFS 100 + 8 [dd]",
                        "8,0 0 2 0.000001000 7 D WS 100 + 8 [dd]",
                        "8,0 0 3 0.000005000 0 C WS 100 + 8 [0]",
                        "8,0 0 4 0.000006000 8 Q FWS 200 + 8 [jbd2]",
                        "8,0 0 5 0.000007000 43 D FN [kworker]",
                        "8,0 0 6 0.000009000 0 C FN 0 [0]",
                        "8,0 0 7 0.000010000 0 C WS 100 [0]",
                        "8,0 0 8 0.000011000 43 D FN [kworker]",
                        "8,0 0 9 0.000013000 0 C FN 0 [0]",
                        "8,0 0 10 0.000014000 8 D WS 200 + 8 [jbd2]",
                        "8,0 0 11 0.000015000 0 C WS 200 + 8 [0]");
        assertEquals(
                List.of(
                        // lines 1-3, 7: FUA write; its data done (line 3), it joins the flush
                        // machinery's pending list and a post-flush is kicked: line 5
                        "#1 write fua,sync 100+8 q=0 d=1 c=10 ok parent=- lines=[1, 2, 3, 7]",
                        // lines 4, 10, 11: joins while that flush is kicked (block/blk-flush.c
                        // blk_kick_flush), so its preflush is the next one (line 8)
                        "#4 write preflush,sync 200+8 q=6 d=14 c=15 ok parent=- lines=[4, 10, 11]",
                        // lines 5, 6
                        "#5 flush  0+0 q=7 d=7 c=9 ok parent=#1 lines=[5, 6]",
                        // lines 8, 9: kicked when line 6 completed the first
                        "#8 flush  0+0 q=11 d=11 c=13 ok parent=#4 lines=[8, 9]"),
                requests(t));
    }

    @Test
    void theRealDmErrorCaptureGivesEachClonedFsyncItsOwnFlush() throws Exception {
        Trace t =
                new BlkparseImporter()
                        .read(
                                ImportInput.of(
                                        java.nio.file.Path.of(
                                                "sample-traces/dmerror-fsync.guest.blkparse.txt")),
                                new ImportOptions(null, false),
                                Progress.NONE);
        Requests r = t.requests();
        // G:24 dm-0 Q FWS, cloned to both linear targets: A/Q at 25/26 and 27/28; the first
        // machinery flush (31/32) was kicked for the first clone, the second (34/35) when the
        // first completed, for the clone that joined meanwhile (sample-traces/expectations)
        assertEquals(25, r.id(r.parent(r.rowOfId(0, 31))));
        assertEquals(27, r.id(r.parent(r.rowOfId(0, 34))));
        assertEquals(24, r.id(r.parent(r.rowOfId(0, 25))));
        assertEquals(24, r.id(r.parent(r.rowOfId(0, 27))));
        // G:61-76: the dm "error" target ends the bios at 8192..8248 at once with [65531] (-EIO):
        // never issued below, status error
        for (int id = 61; id <= 75; id += 2) {
            int row = r.rowOfId(0, id);
            assertEquals("error", r.status(row).jsonName(), "G:" + id);
            assertEquals(Time.NONE, r.issue(row), "G:" + id);
            assertEquals(8192 + (id - 61) / 2 * 8, r.sector(row), "G:" + id);
        }
    }
}
