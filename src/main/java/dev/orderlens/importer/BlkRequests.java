package dev.orderlens.importer;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.TraceBuilder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns blkparse events into requests the way btt does: a queued bio (Q) becomes a request; G/I/D/C
 * lines are matched to it by (device, sector, size, op letter) with FIFO order per key, so many
 * requests in flight and out-of-order completions pair correctly; merges (M/F) fold a bio into the
 * request it joined; splits (X) and remaps (A) create linked requests; requeues (R) are marked.
 * Requests stay here only while in flight and are written to the table when they complete.
 *
 * <p>The block layer's flush machinery (docs/adr/0011): a PREFLUSH/FUA bio stays one request (its Q
 * to its final completion); the data-less {@code D FN}/{@code C FN} flushes the machinery issues
 * for it become FLUSH requests linked to it (parent), and the bio's final {@code C ... [0]} (no
 * size) after the post-flush sets its completion time.
 */
final class BlkRequests {
    static final int QUEUED = 0;
    static final int GOT = 1;
    static final int ISSUED = 2;

    /**
     * Op letter classes used in the matching key (blkparse prints the same letter on Q, D and C).
     */
    static final byte L_READ = 0;

    static final byte L_WRITE = 1;
    static final byte L_DISCARD = 2;
    static final byte L_NONE = 3;
    static final byte L_PC = 4;

    /** How many completed flush-sequence requests wait for their final "C ... [0]" per file. */
    private static final int MAX_AWAITING = 4096;

    private static final int MAX_FLUSH_WAITERS = 256;

    /** Source lines a request starts with room for (Q, G, I, D, C and a merge or plug). */
    private static final int LINES_PER_REQUEST = 6;

    /** Free line arrays kept at most: more than a queue holds in flight. */
    private static final int MAX_FREE_LINES = 4096;

    /**
     * How far back (newest first) a merge, split or remap looks among a device's requests in
     * flight: far more than a queue holds, and it keeps a capture of requests that never complete
     * linear.
     */
    static final int MAX_SCAN = 4096;

    static final class Dev {
        final int id;
        final int lane;
        final String name;
        Pending head;
        Pending tail;
        final ArrayDeque<Pending> flushWaiters = new ArrayDeque<>();

        /**
         * Remaps of data-less bios (flushes), oldest first: their Q prints no sector, so they are
         * matched by op letter alone.
         */
        final ArrayDeque<Remap> emptyRemaps = new ArrayDeque<>();

        /**
         * The flush machinery's state (block/blk-flush.c): a flush is kicked when a request joins
         * the pending list and none is kicked yet; requests joining after that wait for the next
         * flush, kicked when this one completes. Generations count the kicks.
         */
        boolean flushKicked;

        long kickedGen;

        Dev(int id, int lane, String name) {
            this.id = id;
            this.lane = lane;
            this.name = name;
        }
    }

    /** A request in flight (or a completed one still expecting its final completion line). */
    static final class Pending {
        Dev dev;
        byte letter;
        long keySector;
        int keyCount;
        Op op;
        int flags;
        long sector;
        int count;
        long submit;
        long issue = Time.NONE;
        long complete = Time.NONE;

        /** G (got a request structure) and I (inserted into the scheduler): the latest of each. */
        long allocate = Time.NONE;

        long insert = Time.NONE;
        boolean error;
        int errno;
        int pid = -1;
        String comm;

        /** The source lines so far (from {@link BlkRequests#newLines}, recycled once committed). */
        int[] lines;

        int nLines;
        int state;
        int row = -1;
        boolean queued;
        boolean indexed;
        boolean waitsPreflush;
        boolean waitsPostflush;
        boolean awaitingFinal;
        Pending mergedInto;
        Pending parent;

        /** Upper bios of bios merged into this request (each a parent of its own), or null. */
        List<Pending> moreParents;

        /** The whole bio's key once device-mapper split it (X s / s), or null. */
        Key wholeKey;

        /** Its D line kept the FUA flag: the device does FUA itself, no post-flush follows. */
        boolean issuedWithFua;

        /** A flush the flush machinery issued ({@code D FN} with no bio of its own). */
        boolean machinery;

        /**
         * For a machinery flush: the data-less PREFLUSH+FUA bios it was the preflush of; they need
         * a post-flush too (blk_flush_policy), so they wait again once it completes.
         */
        List<Pending> thenPostflush;

        /** The flush generation this request waits for (see {@link Dev#flushKicked}). */
        long flushGen;

        /** Creation order: FIFO matching takes the oldest of a key. */
        long seq;

        KeyLists lists;
        Pending prevSameKey;
        Pending nextSameKey;
        Pending prevInDev;
        Pending nextInDev;

        /**
         * Something outside the in-flight lists holds this request (a link, an event, a waiting
         * list): once committed it is kept, not {@link #reset} for a new request.
         */
        boolean pinned;

        /** Back to the state of a new object (every field above), for reuse once committed. */
        void reset() {
            dev = null;
            letter = 0;
            keySector = 0;
            keyCount = 0;
            op = null;
            flags = 0;
            sector = 0;
            count = 0;
            submit = 0;
            issue = Time.NONE;
            complete = Time.NONE;
            allocate = Time.NONE;
            insert = Time.NONE;
            error = false;
            errno = 0;
            pid = -1;
            comm = null;
            lines = null;
            nLines = 0;
            state = 0;
            row = -1;
            queued = false;
            indexed = false;
            waitsPreflush = false;
            waitsPostflush = false;
            awaitingFinal = false;
            mergedInto = null;
            parent = null;
            moreParents = null;
            wholeKey = null;
            issuedWithFua = false;
            machinery = false;
            thenPostflush = null;
            flushGen = 0;
            seq = 0;
            lists = null;
            prevSameKey = null;
            nextSameKey = null;
            prevInDev = null;
            nextInDev = null;
            pinned = false;
        }

        void line(int l) {
            if (nLines == lines.length) {
                lines = Arrays.copyOf(lines, nLines * 2);
            }
            lines[nLines++] = l;
        }

        Pending resolved() {
            Pending p = this;
            while (p.mergedInto != null) {
                p = p.mergedInto;
            }
            return p;
        }
    }

    /**
     * Matching key: device, op letter, sector, size. A mutable instance serves as the lookup probe.
     */
    static final class Key {
        Dev dev;
        byte letter;
        long sector;
        int count;

        Key set(Dev d, byte l, long s, int c) {
            dev = d;
            letter = l;
            sector = s;
            count = c;
            return this;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && k.dev == dev
                    && k.letter == letter
                    && k.sector == sector
                    && k.count == count;
        }

        @Override
        public int hashCode() {
            long h =
                    sector * 0x9E3779B97F4A7C15L
                            + count * 31L
                            + letter * 7L
                            + dev.id * 0x632BE59BD9B4E019L;
            return (int) (h ^ (h >>> 32));
        }
    }

    /**
     * The requests in flight with one key, one list per state (queued, got, issued), each oldest
     * first, so every lookup is O(1) however many requests of one key never complete.
     */
    static final class KeyLists {
        final Pending[] head = new Pending[3];
        final Pending[] tail = new Pending[3];

        /** The key (see {@link InFlightIndex}); dev is null while the lists wait for reuse. */
        Dev dev;

        byte letter;
        long sector;
        int count;
        KeyLists nextFree;

        void key(Dev d, byte l, long s, int c) {
            dev = d;
            letter = l;
            sector = s;
            count = c;
        }

        boolean is(Dev d, byte l, long s, int c) {
            return dev == d && sector == s && count == c && letter == l;
        }

        boolean isEmpty() {
            return head[0] == null && head[1] == null && head[2] == null;
        }

        /** The oldest of the lists below {@code beforeState}, or null. */
        Pending oldestBelow(int beforeState) {
            Pending best = null;
            for (int s = 0; s < beforeState; s++) {
                if (head[s] != null && (best == null || head[s].seq < best.seq)) {
                    best = head[s];
                }
            }
            return best;
        }

        void insert(Pending p) {
            int s = p.state;
            Pending after = tail[s];
            while (after != null && after.seq > p.seq) { // only a requeued request walks back
                after = after.prevSameKey;
            }
            p.prevSameKey = after;
            p.nextSameKey = after == null ? head[s] : after.nextSameKey;
            if (after == null) {
                head[s] = p;
            } else {
                after.nextSameKey = p;
            }
            if (p.nextSameKey == null) {
                tail[s] = p;
            } else {
                p.nextSameKey.prevSameKey = p;
            }
            p.lists = this;
        }

        void remove(Pending p) {
            int s = p.state;
            if (p.prevSameKey == null) {
                head[s] = p.nextSameKey;
            } else {
                p.prevSameKey.nextSameKey = p.nextSameKey;
            }
            if (p.nextSameKey == null) {
                tail[s] = p.prevSameKey;
            } else {
                p.nextSameKey.prevSameKey = p.prevSameKey;
            }
            p.prevSameKey = null;
            p.nextSameKey = null;
            p.lists = null;
        }
    }

    private record Remap(Pending upper, int line, int event, byte letter, long sector) {}

    private final TraceBuilder b;
    private final RequestTableBuilder table;
    private final EventTable events;
    private final SourceFile source;
    private final int file;
    private final int layer;
    private final Map<Integer, Dev> devs = new HashMap<>();
    private Dev lastDev;

    /** The first devices seen, looked up by a scan when lines of several devices interleave. */
    private final Dev[] devList = new Dev[16];

    private int nDevList;
    private final InFlightIndex pending = new InFlightIndex();
    private long nextSeq;
    private final Map<Key, Pending> awaiting = new HashMap<>();
    private final ArrayDeque<Pending> awaitingOrder = new ArrayDeque<>();
    private final Map<Key, ArrayDeque<Remap>> remaps = new HashMap<>();
    private final Map<Key, Pending> wholeBios = new HashMap<>();
    private final Key probe = new Key();
    private final List<Pending> linkedChildren = new ArrayList<>();
    private int[] eventRows = new int[64];
    private Pending[] eventTargets = new Pending[64];
    private int nEventLinks;

    BlkRequests(TraceBuilder b, SourceFile source, int file, int layer) {
        this.b = b;
        this.table = b.requests();
        this.events = b.events();
        this.source = source;
        this.file = file;
        this.layer = layer;
    }

    Dev dev(int major, int minor) {
        int id = (major << 20) | minor;
        Dev last = lastDev;
        if (last != null && last.id == id) {
            return last; // most lines are of the device the line before was: no boxed lookup
        }
        Dev d = null;
        for (int i = 0; i < nDevList; i++) { // a few devices: no boxed key for the map
            if (devList[i].id == id) {
                d = devList[i];
                break;
            }
        }
        if (d == null && nDevList == devList.length) {
            d = devs.get(id);
        }
        if (d == null) {
            String name = major + "," + minor;
            d = new Dev(id, b.lane(layer, file, name), name);
            devs.put(id, d);
            if (nDevList < devList.length) {
                devList[nDevList++] = d;
            }
        }
        lastDev = d;
        return d;
    }

    Dev devIfKnown(int major, int minor) {
        return devs.get((major << 20) | minor);
    }

    // ---- the actions ----

    /**
     * One bio event as blkparse prints it (or blktrace records it): the device, the RWBS op letter,
     * op and flags, the range, time, pid and process, and the source line. Mutable so that an
     * importer can {@link #set} one instance per line instead of allocating one per line (C1, which
     * the CLI runs on, does no escape analysis); the reconstruction copies what it keeps and never
     * holds on to an event.
     */
    static final class BioEvent {
        private Dev dev;
        private byte letter;
        private Op op;
        private int flags;
        private long sector;
        private int count;
        private long t;
        private int pid;
        private String comm;
        private int line;

        BioEvent() {}

        BioEvent(
                Dev dev,
                byte letter,
                Op op,
                int flags,
                long sector,
                int count,
                long t,
                int pid,
                String comm,
                int line) {
            set(dev, letter, op, flags, sector, count, t, pid, comm, line);
        }

        /** This event, now holding the given line's fields. */
        BioEvent set(
                Dev dev,
                byte letter,
                Op op,
                int flags,
                long sector,
                int count,
                long t,
                int pid,
                String comm,
                int line) {
            this.dev = dev;
            this.letter = letter;
            this.op = op;
            this.flags = flags;
            this.sector = sector;
            this.count = count;
            this.t = t;
            this.pid = pid;
            this.comm = comm;
            this.line = line;
            return this;
        }

        Dev dev() {
            return dev;
        }

        byte letter() {
            return letter;
        }

        Op op() {
            return op;
        }

        int flags() {
            return flags;
        }

        long sector() {
            return sector;
        }

        int count() {
            return count;
        }

        long t() {
            return t;
        }

        int pid() {
            return pid;
        }

        String comm() {
            return comm;
        }

        int line() {
            return line;
        }
    }

    /** Q (and B without a request): a bio entered the block layer. */
    void queue(BioEvent e) {
        Pending p = find(e.dev(), e.letter(), e.sector(), e.count(), GOT);
        if (p != null && !p.queued && p.state == QUEUED) {
            // a split remainder (or a re-queued bio of an older kernel) gets its own Q: same
            // request
            p.queued = true;
            p.line(e.line());
            return;
        }
        p = create(e);
        p.queued = true;
        adoptRemap(p);
        if ((e.flags() & Flags.PREFLUSH) != 0) {
            p.waitsPreflush = true;
            addFlushWaiter(e.dev(), p);
        }
    }

    /** G, S, I, B: steps between queue and issue ({@code action} is the blkparse letter). */
    void step(BioEvent e, int state, char action) {
        Pending p = find(e.dev(), e.letter(), e.sector(), e.count(), ISSUED);
        if (p == null) {
            p = create(e, e.op(), e.flags() | Flags.NO_QUEUE, e.count());
        } else {
            p.line(e.line());
        }
        setState(p, Math.max(p.state, state));
        if (action == 'G') {
            p.allocate = e.t();
        } else if (action == 'I') {
            p.insert = e.t(); // the latest I: after a requeue the request was inserted again
        }
    }

    /**
     * D: issued to the driver. A data-less flush (D FN) with no bio of its own is the flush
     * machinery's.
     */
    void issue(BioEvent e) {
        Dev d = e.dev();
        byte letter = e.letter();
        Op op = e.op();
        int flags = e.flags();
        int count = e.count();
        long t = e.t();
        Pending p = find(d, letter, e.sector(), count, ISSUED);
        if (p == null && letter == L_NONE && count == 0 && op == Op.FLUSH) {
            p = create(e, Op.FLUSH, 0, 0);
            p.machinery = true;
            Pending served = serveFlushWaiters(d, t, p);
            if (served == null) {
                p.flags |= Flags.NO_QUEUE;
            } else {
                p.parent = pin(served);
            }
        } else if (p == null) {
            p = create(e, op, flags | Flags.NO_QUEUE, count);
        } else {
            p.line(e.line());
        }
        p.issue = t; // the latest D: after a requeue the request was back in the queue
        // the flush machinery strips FUA from the data it sends to a device without FUA
        // (blk_insert_flush); a D that still says F went to a device with native FUA
        p.issuedWithFua = (flags & Flags.FUA) != 0;
        setState(p, ISSUED);
    }

    /**
     * C: completion. A sized C of a flush-sequence request is its data; its final C has no size.
     */
    /**
     * @param errno the completion's error as a negative errno ({@link
     *     dev.orderlens.model.Errno#ofBlktrace}), 0 for success
     */
    void complete(Dev d, byte letter, long sector, int count, long t, int errno, int line) {
        boolean error = errno != 0;
        Pending p = findIssuedFirst(d, letter, sector, count);
        if (p == null && !wholeBios.isEmpty()) { // a bio dm split, completed under its whole range
            p = wholeBios.get(probe.set(d, letter, sector, count));
        }
        if (p == null
                && count == 0
                && sector != 0
                && !awaiting.containsKey(probe.set(d, letter, sector, 0))) {
            // a remapped data-less bio: its Q, G and D print no sector, its C the remap's
            p = findIssuedFirst(d, letter, 0, 0);
        }
        if (p == null && count == 0) {
            Pending a = awaiting.remove(probe.set(d, letter, sector, 0));
            if (a != null) {
                a.awaitingFinal = false;
                a.waitsPostflush = false;
                table.setDataComplete(a.row, table.complete(a.row));
                table.setComplete(a.row, t);
                if (error) {
                    table.setStatus(a.row, Status.ERROR);
                    table.setErrorCode(a.row, errno);
                }
                table.addSourceLine(a.row, line);
                return;
            }
        }
        if (p == null) {
            p =
                    create(
                            new BioEvent(
                                    d,
                                    letter,
                                    letter == L_NONE ? Op.FLUSH : opOf(letter),
                                    Flags.NO_QUEUE,
                                    sector,
                                    count,
                                    t,
                                    -1,
                                    null,
                                    line));
        } else {
            p.line(line);
        }
        p.complete = t;
        p.error |= error;
        if (error) {
            p.errno = errno; // the last failed completion's value
        }
        if (p.machinery) {
            flushDone(d, p);
        }
        unindex(p);
        if (p.wholeKey != null) {
            wholeBios.remove(p.wholeKey);
        }
        commit(p);
        boolean flushSequence = (p.flags & (Flags.PREFLUSH | Flags.FUA)) != 0 && count > 0;
        if (flushSequence) {
            p.awaitingFinal = true;
            Key k = new Key().set(d, letter, p.keySector, 0);
            if (!awaiting.containsKey(k)) {
                awaiting.put(k, pin(p));
                awaitingOrder.add(p);
                if (awaitingOrder.size() > MAX_AWAITING) {
                    Pending old = awaitingOrder.poll();
                    if (old.awaitingFinal) {
                        old.awaitingFinal = false;
                        awaiting.remove(probe.set(old.dev, old.letter, old.keySector, 0));
                    }
                }
            }
            if ((p.flags & Flags.FUA) != 0 && !p.issuedWithFua) {
                p.waitsPostflush = true;
                addFlushWaiter(d, p);
            }
        }
        p.waitsPreflush = false;
        if (count == 0) {
            p.waitsPostflush = false; // a data-less bio's only completion is its final one
        }
        if (!p.pinned) {
            recycle(p); // committed and held by nothing: the next request's object
        }
    }

    /** R: the driver gave the request back; it will be issued again. */
    void requeue(Dev d, byte letter, long sector, int count, long t, int line) {
        Pending p = findIssuedFirst(d, letter, sector, count);
        int ev = event(t, EventKind.REQUEUE, d, sector, count, line, "R", null);
        if (p == null) {
            source.problem(
                    line, "requeue (R) of a request that is not in flight; kept as an event only");
            return;
        }
        p.flags |= Flags.REQUEUED;
        setState(p, GOT);
        p.line(line);
        linkEvent(ev, p);
    }

    /** M (back) / F (front): a bio joined a request that was not yet issued. */
    void merge(
            Dev d,
            byte letter,
            long sector,
            int count,
            long t,
            int line,
            boolean back,
            String action) {
        Pending bio =
                find(
                        d, letter, sector, count,
                        ISSUED); // a queued bio, or a request merged into another
        Pending target = null;
        int scanned = 0;
        for (Pending q = d.tail; q != null && scanned++ < MAX_SCAN; q = q.prevInDev) {
            if (q != bio
                    && q.state < ISSUED
                    && q.letter == letter
                    && (back
                            ? q.keySector + q.keyCount == sector
                            : q.keySector == sector + count)) {
                target = q;
                break;
            }
        }
        int ev = event(t, EventKind.MERGE, d, sector, count, line, action, null);
        if (target == null) {
            source.problem(
                    line,
                    (back ? "back" : "front")
                            + " merge ("
                            + action
                            + ") into a request the trace does not show; the bio stays a request of its own");
            if (bio != null) {
                bio.line(line);
                linkEvent(ev, bio);
            }
            return;
        }
        unindex(target);
        if (!back) {
            target.keySector = sector;
            target.sector = Math.min(target.sector, sector);
        }
        target.keyCount += count;
        target.count += count;
        target.flags |= Flags.MERGED;
        index(target);
        if (bio != null) {
            if (bio.queued && bio.mergedInto == null) {
                events.setQueued(ev, bio.submit); // the bio's own Q, for its queue-to-merge time
            }
            unindex(bio);
            unlinkDev(bio);
            for (int i = 0; i < bio.nLines; i++) {
                target.line(bio.lines[i]);
            }
            bio.mergedInto = pin(target);
            if (bio.parent != null) { // the merged bio's upper write is a parent of the request
                target.flags |= Flags.REMAPPED;
                if (target.parent == null) {
                    target.parent = pin(bio.parent);
                } else {
                    if (target.moreParents == null) {
                        target.moreParents = new ArrayList<>(2);
                    }
                    target.moreParents.add(pin(bio.parent));
                }
            }
        }
        target.line(line);
        linkEvent(ev, target);
    }

    /**
     * X: the bio at {@code sector} was split at {@code newSector}; the remainder is a new, linked
     * request.
     */
    void split(Dev d, long sector, long newSector, long t, int pid, String comm, int line) {
        if (newSector == sector) {
            dmSplit(d, sector, t, line);
            return;
        }
        Pending p = null;
        int scanned = 0;
        for (Pending q = d.tail; q != null && scanned++ < MAX_SCAN; q = q.prevInDev) {
            if (q.state < ISSUED
                    && q.keySector == sector
                    && newSector > sector
                    && newSector < sector + q.keyCount) {
                p = q;
                break;
            }
        }
        int ev =
                event(
                        t,
                        EventKind.SPLIT,
                        d,
                        sector,
                        p == null ? 0 : p.keyCount,
                        line,
                        "X",
                        "split at " + newSector);
        if (p == null) {
            source.problem(
                    line,
                    "split (X) of a bio at sector "
                            + sector
                            + " that is not in flight; kept as an event only");
            return;
        }
        long end = p.keySector + p.keyCount;
        unindex(p);
        p.keyCount = (int) (newSector - sector);
        p.count = p.keyCount;
        p.flags |= Flags.SPLIT;
        p.line(line);
        index(p);
        linkEvent(ev, p);
        Pending rest =
                create(
                        new BioEvent(
                                d,
                                p.letter,
                                p.op,
                                (p.flags & ~Flags.PREFLUSH) | Flags.SPLIT,
                                newSector,
                                (int) (end - newSector),
                                t,
                                pid,
                                comm,
                                line));
        rest.parent = pin(p);
    }

    /**
     * X s / s: device-mapper processed the front of a bio and trims it to the remainder starting at
     * s, which it submits again without a new Q (dm.c {@code dm_split_and_process_bio}). It is
     * still the same bio: one request, completed by one C (which names the remainder or the whole
     * bio). Only the matching key moves to the remainder.
     */
    private void dmSplit(Dev d, long s, long t, int line) {
        Pending p = null;
        int scanned = 0;
        for (Pending q = d.tail; q != null && scanned++ < MAX_SCAN; q = q.prevInDev) {
            if (q.state < ISSUED && q.keySector < s && s < q.keySector + q.keyCount) {
                p = q;
                break;
            }
        }
        int ev =
                event(
                        t,
                        EventKind.SPLIT,
                        d,
                        s,
                        p == null ? 0 : (int) (p.keySector + p.keyCount - s),
                        line,
                        "X",
                        "remainder at " + s);
        if (p == null) {
            source.problem(
                    line,
                    "split (X) at sector " + s + " inside no bio in flight; kept as an event only");
            return;
        }
        if (p.wholeKey == null) {
            p.wholeKey = new Key().set(d, p.letter, p.keySector, p.keyCount);
            wholeBios.put(p.wholeKey, pin(p));
        }
        unindex(p);
        p.keyCount = (int) (p.keySector + p.keyCount - s);
        p.keySector = s;
        p.flags |= Flags.SPLIT;
        p.line(line);
        index(p);
        linkEvent(ev, p);
    }

    /** A: a bio was remapped from an upper device (partition, device-mapper) to this one. */
    void remap(
            Dev d,
            byte letter,
            long sector,
            int count,
            long t,
            int line,
            int fromMajor,
            int fromMinor,
            long fromSector) {
        Dev from = devIfKnown(fromMajor, fromMinor);
        Pending upper = null;
        if (from != null) {
            int scanned = 0;
            for (Pending q = from.tail; q != null && scanned++ < MAX_SCAN; q = q.prevInDev) {
                if (q.sector <= fromSector && fromSector < q.sector + Math.max(1, q.count)) {
                    upper = q;
                    break;
                }
            }
        }
        if (upper != null && upper.issue == Time.NONE) {
            upper.issue = t; // handed to the device below
        }
        int ev =
                event(
                        t,
                        EventKind.REMAP,
                        d,
                        sector,
                        count,
                        line,
                        "A",
                        "from (" + fromMajor + "," + fromMinor + ") " + fromSector);
        if (upper != null) {
            linkEvent(ev, upper);
        }
        Remap r = new Remap(pin(upper), line, ev, letter, sector);
        if (count == 0) {
            d.emptyRemaps.add(r);
            if (d.emptyRemaps.size() > MAX_SCAN) {
                d.emptyRemaps.poll();
            }
        } else {
            remaps.computeIfAbsent(new Key().set(d, letter, sector, count), k -> new ArrayDeque<>())
                    .add(r);
        }
    }

    /** P, U, UT, m and other point events. */
    int event(
            long t,
            EventKind kind,
            Dev d,
            long sector,
            int count,
            int line,
            String name,
            String text) {
        int e = events.add(t, kind, layer, d == null ? -1 : d.lane, file, sector, count);
        events.setName(e, name);
        if (text != null) {
            events.setText(e, text);
        }
        events.setSourceLine(e, line);
        return e;
    }

    // ---- bookkeeping ----

    private Pending create(BioEvent e) {
        return create(e, e.op(), e.flags(), e.count());
    }

    /** A new pending request for the event, with its op, flags or count changed. */
    private Pending create(BioEvent e, Op op, int flags, int count) {
        Dev d = e.dev();
        byte letter = e.letter();
        long sector = e.sector();
        long t = e.t();
        int pid = e.pid();
        String comm = e.comm();
        int line = e.line();
        Pending p = nFreePending > 0 ? freePending[--nFreePending] : new Pending();
        p.lines = newLines();
        p.seq = nextSeq++;
        p.dev = d;
        p.letter = letter;
        p.keySector = sector;
        p.keyCount = count;
        p.op = op;
        p.flags = flags;
        p.sector = sector;
        p.count = count;
        p.submit = t;
        p.pid = pid;
        p.comm = comm;
        p.line(line);
        index(p);
        linkDev(p);
        return p;
    }

    /**
     * A queued bio that an {@code A} line announced on this device is the remapped bio: linked to
     * the upper bio, with the A's line. Only a Q takes a remap, so an A never makes a request. A
     * data-less bio's Q (and G, I, D) prints no sector: it takes the oldest data-less remap of its
     * op letter, and only its completion names the remap's sector ({@code C WS 256 [0]}).
     */
    private void adoptRemap(Pending p) {
        Dev d = p.dev;
        Remap r = null;
        if (p.keyCount == 0 && !d.emptyRemaps.isEmpty()) {
            for (var it = d.emptyRemaps.iterator(); it.hasNext(); ) {
                Remap x = it.next();
                if (x.letter() == p.letter) {
                    it.remove();
                    r = x;
                    break;
                }
            }
        } else if (!remaps.isEmpty()) {
            ArrayDeque<Remap> rq = remaps.get(probe.set(d, p.letter, p.keySector, p.keyCount));
            if (rq != null) {
                r = rq.poll();
                if (rq.isEmpty()) {
                    remaps.remove(probe);
                }
            }
        }
        if (r != null) {
            p.flags |= Flags.REMAPPED;
            p.parent = pin(r.upper());
            p.line(r.line());
            linkEvent(r.event(), p);
        }
    }

    /** The oldest request with this key whose state is below {@code beforeState}. */
    private Pending find(Dev d, byte letter, long sector, int count, int beforeState) {
        KeyLists k = pending.get(d, letter, sector, count);
        return k == null ? null : k.oldestBelow(beforeState);
    }

    /** The oldest issued request with this key, else the oldest with this key in any state. */
    private Pending findIssuedFirst(Dev d, byte letter, long sector, int count) {
        KeyLists k = pending.get(d, letter, sector, count);
        if (k == null) {
            return null;
        }
        return k.head[ISSUED] != null ? k.head[ISSUED] : k.oldestBelow(ISSUED);
    }

    private void setState(Pending p, int state) {
        if (p.state == state) {
            return;
        }
        KeyLists k = p.lists;
        if (k != null) {
            k.remove(p);
        }
        p.state = state;
        if (k != null) {
            k.insert(p);
        }
    }

    private void index(Pending p) {
        KeyLists k = pending.getOrAdd(p.dev, p.letter, p.keySector, p.keyCount);
        k.insert(p);
        p.indexed = true;
    }

    private void unindex(Pending p) {
        if (!p.indexed) {
            return;
        }
        p.indexed = false;
        KeyLists k = p.lists;
        k.remove(p);
        if (k.isEmpty()) {
            pending.remove(k);
        }
    }

    private void linkDev(Pending p) {
        Dev d = p.dev;
        p.prevInDev = d.tail;
        if (d.tail == null) {
            d.head = p;
        } else {
            d.tail.nextInDev = p;
        }
        d.tail = p;
    }

    private void unlinkDev(Pending p) {
        Dev d = p.dev;
        if (p.prevInDev == null) {
            d.head = p.nextInDev;
        } else {
            p.prevInDev.nextInDev = p.nextInDev;
        }
        if (p.nextInDev == null) {
            d.tail = p.prevInDev;
        } else {
            p.nextInDev.prevInDev = p.prevInDev;
        }
        p.prevInDev = null;
        p.nextInDev = null;
    }

    private void addFlushWaiter(Dev d, Pending p) {
        if (!d.flushKicked) {
            d.flushKicked = true;
            d.kickedGen++;
            p.flushGen = d.kickedGen;
        } else {
            p.flushGen = d.kickedGen + 1; // the flush in progress was kicked without it
        }
        d.flushWaiters.add(pin(p));
        if (d.flushWaiters.size() > MAX_FLUSH_WAITERS) {
            d.flushWaiters.poll();
        }
    }

    /**
     * A machinery flush serves every request waiting for a pre- or post-flush. Returns the one it
     * is linked to: the oldest waiting for a preflush, else the oldest waiting for a post-flush.
     */
    private Pending serveFlushWaiters(Dev d, long t, Pending flush) {
        Pending pre = null;
        Pending post = null;
        Pending w;
        while ((w = d.flushWaiters.peek()) != null && !waitsForFlush(w)) {
            d.flushWaiters.poll(); // merged into another request, or served already
        }
        long gen = w == null ? 0 : w.flushGen; // the oldest generation waiting
        while ((w = d.flushWaiters.peek()) != null && w.flushGen == gen) {
            d.flushWaiters.poll();
            if (w.waitsPreflush && w.mergedInto == null && w.row < 0) {
                w.waitsPreflush = false;
                if (w.count == 0 && w.issue == Time.NONE) {
                    w.issue = t; // a data-less PREFLUSH bio is "issued" as this flush
                }
                if (w.count == 0 && (w.flags & Flags.FUA) != 0) {
                    if (flush.thenPostflush == null) {
                        flush.thenPostflush = new ArrayList<>(1);
                    }
                    flush.thenPostflush.add(pin(w));
                }
                pre = pre == null ? w : pre;
            } else if (w.waitsPostflush) {
                w.waitsPostflush = false;
                post = post == null ? w : post;
            }
        }
        return pre != null ? pre : post;
    }

    /** A machinery flush completed: the requests that joined meanwhile get the next one. */
    private void flushDone(Dev d, Pending flush) {
        d.flushKicked = !d.flushWaiters.isEmpty();
        if (d.flushKicked) {
            d.kickedGen++; // those that joined meanwhile have this generation
        }
        if (flush.thenPostflush != null) {
            for (Pending w : flush.thenPostflush) {
                if (w.row < 0 && w.mergedInto == null) {
                    w.waitsPostflush = true;
                    addFlushWaiter(d, w);
                }
            }
            flush.thenPostflush = null;
        }
    }

    private static boolean waitsForFlush(Pending w) {
        return (w.waitsPreflush && w.mergedInto == null && w.row < 0) || w.waitsPostflush;
    }

    private void commit(Pending p) {
        unlinkDev(p);
        int flags = p.flags;
        if (p.complete == Time.NONE) {
            flags |= Flags.NO_COMPLETE;
        } else if (p.issue == Time.NONE) {
            flags |= Flags.NO_ISSUE;
        }
        Status st = p.complete == Time.NONE ? Status.UNKNOWN : p.error ? Status.ERROR : Status.OK;
        int row =
                table.add(
                        p.dev.lane,
                        p.op,
                        flags,
                        p.sector,
                        p.count,
                        p.submit,
                        p.issue,
                        p.complete,
                        st);
        if (st == Status.ERROR) {
            table.setErrorCode(row, p.errno);
        }
        if (p.pid >= 0 || p.comm != null) {
            table.setTask(row, p.pid, p.comm);
        }
        table.setAllocate(row, p.allocate);
        table.setInsert(row, p.insert);
        int[] ls = p.lines;
        int n = p.nLines;
        if (n > 1) {
            Arrays.sort(ls, 0, n);
        }
        for (int i = 0; i < n; i++) {
            table.addSourceLine(row, ls[i]);
        }
        p.row = row;
        recycleLines(ls);
        p.lines = null;
        if (p.parent != null || p.moreParents != null) {
            linkedChildren.add(pin(p));
        }
    }

    /**
     * Line arrays of committed requests, for the next requests: one array per request in flight.
     */
    private int[][] freeLines = new int[64][];

    private int nFreeLines;

    private int[] newLines() {
        return nFreeLines > 0 ? freeLines[--nFreeLines] : new int[LINES_PER_REQUEST];
    }

    private void recycleLines(int[] ls) {
        if (ls.length != LINES_PER_REQUEST) {
            return; // a grown array: rare, left to the collector
        }
        if (nFreeLines == freeLines.length) {
            if (nFreeLines >= MAX_FREE_LINES) {
                return;
            }
            freeLines = Arrays.copyOf(freeLines, nFreeLines * 2);
        }
        freeLines[nFreeLines++] = ls;
    }

    /** Marks a request held outside the in-flight lists (null stays null); returns it. */
    private static Pending pin(Pending p) {
        if (p != null) {
            p.pinned = true;
        }
        return p;
    }

    /** Committed requests nothing holds, for the next requests (C1 does no escape analysis). */
    private Pending[] freePending = new Pending[64];

    private int nFreePending;

    private void recycle(Pending p) {
        if (nFreePending == freePending.length) {
            if (nFreePending >= MAX_FREE_LINES) {
                return;
            }
            freePending = Arrays.copyOf(freePending, nFreePending * 2);
        }
        p.reset();
        freePending[nFreePending++] = p;
    }

    private void linkEvent(int eventRow, Pending p) {
        if (nEventLinks == eventRows.length) {
            eventRows = Arrays.copyOf(eventRows, nEventLinks * 2);
            eventTargets = Arrays.copyOf(eventTargets, nEventLinks * 2);
        }
        eventRows[nEventLinks] = eventRow;
        eventTargets[nEventLinks++] = pin(p);
    }

    /**
     * At the end of the file: requests still in flight are kept (flagged no-complete); links
     * resolved.
     */
    /** Completed PREFLUSH/FUA writes still waiting for their final completion (tests). */
    int awaitingFinalCount() {
        return awaitingOrder.size();
    }

    /** Requests waiting for the flush machinery on a device (tests). */
    int flushWaiterCount(Dev d) {
        return d.flushWaiters.size();
    }

    void finish() {
        List<Pending> left = new ArrayList<>();
        for (Dev d : devs.values()) {
            for (Pending q = d.head; q != null; q = q.nextInDev) {
                left.add(q);
            }
        }
        for (Pending q : left) {
            unindex(q);
            commit(q);
        }
        for (Pending c : linkedChildren) {
            if (c.parent != null) {
                table.addParent(c.row, c.parent.resolved().row);
            }
            if (c.moreParents != null) {
                for (Pending q : c.moreParents) {
                    table.addParent(c.row, q.resolved().row);
                }
            }
        }
        for (int i = 0; i < nEventLinks; i++) {
            Pending p = eventTargets[i].resolved();
            if (p.row >= 0) {
                events.setRequest(eventRows[i], p.row);
            }
        }
        LoopLinks.link(
                table,
                devs.values().stream()
                        .sorted(java.util.Comparator.comparingInt(d -> d.id))
                        .map(d -> new LoopLinks.Device(d.id >>> 20, d.lane, d.name))
                        .toList(),
                source);
    }

    static Op opOf(byte letter) {
        return switch (letter) {
            case L_READ -> Op.READ;
            case L_WRITE -> Op.WRITE;
            case L_DISCARD -> Op.DISCARD;
            default -> Op.OTHER;
        };
    }
}
