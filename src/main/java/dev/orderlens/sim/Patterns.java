package dev.orderlens.sim;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The canned workload patterns. Each expands into ordinary steps inside a {@code repeat}, so a
 * pattern of a million transactions costs no more memory than one.
 */
final class Patterns {
    static final List<String> NAMES = List.of("ext4-journal", "db-wal", "qcow2-alloc");
    private static final int BLOCK = 8;

    private Patterns() {}

    static Step expand(String name, JsonTree.Node n) throws WorkloadException {
        return switch (name) {
            case "ext4-journal" ->
                    ext4Journal(
                            n.object(
                                    "op",
                                    "transactions",
                                    "dataSector",
                                    "dataBlocks",
                                    "journalSector",
                                    "journalBlocks",
                                    "journalBlockSectors",
                                    "metaSector",
                                    "checkpoint",
                                    "commit",
                                    "drainBeforeCommit",
                                    "journalStallUs"));
            case "db-wal" ->
                    dbWal(
                            n.object(
                                    "op",
                                    "transactions",
                                    "walSector",
                                    "recordSectors",
                                    "pageSector",
                                    "checkpoint"));
            case "qcow2-alloc" ->
                    qcow2Alloc(
                            n.object(
                                    "op",
                                    "clusters",
                                    "cluster",
                                    "clusterSectors",
                                    "offset",
                                    "count",
                                    "serialise"));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * ext4 ordered mode, one transaction per iteration: the data blocks, a wait for them, the
     * journal blocks (descriptor and metadata copies), a wait, the commit block (PREFLUSH|FUA by
     * default), a wait for the commit, then the checkpoint writes of the metadata to its home.
     */
    private static Step ext4Journal(JsonTree.Node n) throws WorkloadException {
        int tx = intParam(n, "transactions", 1, 1, Integer.MAX_VALUE);
        long dataSector = longParam(n, "dataSector", 2048);
        int dataBlocks = intParam(n, "dataBlocks", 2, 0, 1 << 16);
        long journalSector = longParam(n, "journalSector", 8192);
        int journalBlocks = intParam(n, "journalBlocks", 2, 1, 1 << 16);
        int journalBlock = intParam(n, "journalBlockSectors", BLOCK, 1, 1 << 16);
        long metaSector = longParam(n, "metaSector", 16384);
        boolean checkpoint = !n.has("checkpoint") || n.get("checkpoint").bool();
        boolean drain = n.has("drainBeforeCommit") && n.get("drainBeforeCommit").bool();
        long journalStall =
                n.has("journalStallUs")
                        ? Math.round(n.get("journalStallUs").number(0, 1e9) * 1000)
                        : 0;
        int commitFlags = Flags.SYNC | Flags.META;
        String commit =
                n.has("commit")
                        ? n.get("commit")
                                .string("preflush-fua", "fua", "preflush", "plain", "barrier")
                        : "preflush-fua";
        commitFlags |=
                switch (commit) {
                    case "preflush-fua" -> Flags.PREFLUSH | Flags.FUA;
                    case "fua" -> Flags.FUA;
                    case "preflush" -> Flags.PREFLUSH;
                    case "barrier" -> Flags.BARRIER;
                    default -> 0;
                };
        String app = "app";
        String jbd2 = "jbd2/vda1-8";
        List<Step> body = new ArrayList<>();
        for (int k = 1; k <= dataBlocks; k++) {
            body.add(
                    new Step.Io(
                            Op.WRITE,
                            0,
                            dataSector + (k - 1L) * BLOCK,
                            BLOCK,
                            (long) dataBlocks * BLOCK,
                            "data{i}." + k,
                            0,
                            false,
                            app,
                            1000));
        }
        if (dataBlocks > 0) {
            body.add(new Step.WaitFor("data{i}.*", false));
        }
        long journalStride = (long) journalBlocks * journalBlock + BLOCK;
        for (int k = 1; k <= journalBlocks; k++) {
            body.add(
                    new Step.Io(
                            Op.WRITE,
                            Flags.SYNC | Flags.META,
                            journalSector + (k - 1L) * journalBlock,
                            journalBlock,
                            journalStride,
                            "jblock{i}." + k,
                            journalStall,
                            false,
                            jbd2,
                            301));
        }
        body.add(new Step.WaitFor("jblock{i}.*", false));
        if (drain) {
            body.add(new Step.Drain());
        }
        body.add(
                new Step.Io(
                        Op.WRITE,
                        commitFlags,
                        journalSector + (long) journalBlocks * journalBlock,
                        BLOCK,
                        journalStride,
                        "commit{i}",
                        0,
                        false,
                        jbd2,
                        301));
        body.add(new Step.WaitFor("commit{i}", false));
        if (drain) {
            body.add(new Step.Drain());
        }
        if (checkpoint) {
            for (int k = 1; k <= journalBlocks; k++) {
                body.add(
                        new Step.Io(
                                Op.WRITE,
                                Flags.META,
                                metaSector + (k - 1L) * BLOCK,
                                BLOCK,
                                (long) journalBlocks * BLOCK,
                                "meta{i}." + k,
                                0,
                                false,
                                "kworker/u8:1",
                                88));
            }
        }
        return new Step.Repeat(tx, body);
    }

    /**
     * A database commit: append the WAL record, fsync, then update the page in place (unsynced).
     */
    private static Step dbWal(JsonTree.Node n) throws WorkloadException {
        int tx = intParam(n, "transactions", 1, 1, Integer.MAX_VALUE);
        long walSector = longParam(n, "walSector", 65536);
        int record = intParam(n, "recordSectors", BLOCK, 1, 1 << 16);
        long pageSector = longParam(n, "pageSector", 131072);
        boolean checkpoint = n.has("checkpoint") && n.get("checkpoint").bool();
        List<Step> body = new ArrayList<>();
        body.add(
                new Step.Io(
                        Op.WRITE,
                        Flags.SYNC,
                        walSector,
                        record,
                        record,
                        "wal{i}",
                        0,
                        false,
                        "postgres",
                        2000));
        body.add(new Step.Fsync("walsync{i}", 0, "postgres", 2000));
        body.add(
                new Step.Io(
                        Op.WRITE,
                        0,
                        pageSector,
                        BLOCK,
                        BLOCK,
                        "page{i}",
                        0,
                        false,
                        "postgres",
                        2000));
        Step loop = new Step.Repeat(tx, body);
        if (!checkpoint) {
            return loop;
        }
        return new Step.Repeat(1, List.of(loop, new Step.Fsync("checkpoint", 0, "postgres", 2000)));
    }

    /**
     * qcow2 allocating a cluster past the end of the image file: a write-zeroes over the whole
     * cluster and the guest's data write into it, issued without waiting for each other unless
     * {@code serialise} (the later QEMU fix).
     */
    private static Step qcow2Alloc(JsonTree.Node n) throws WorkloadException {
        int clusters = intParam(n, "clusters", 1, 1, Integer.MAX_VALUE);
        long cluster = longParam(n, "cluster", 4096);
        int clusterSectors = intParam(n, "clusterSectors", 128, 1, 1 << 20);
        int offset = intParam(n, "offset", 0, 0, clusterSectors - 1);
        int count = intParam(n, "count", BLOCK, 1, clusterSectors - offset);
        boolean serialise = n.has("serialise") && n.get("serialise").bool();
        List<Step> body = new ArrayList<>();
        body.add(
                new Step.Io(
                        Op.WRITE_ZEROES,
                        0,
                        cluster,
                        clusterSectors,
                        clusterSectors,
                        "zeroes{i}",
                        0,
                        false,
                        "qcow2",
                        4000));
        if (serialise) {
            body.add(new Step.WaitFor("zeroes{i}", true));
        }
        body.add(
                new Step.Io(
                        Op.WRITE,
                        0,
                        cluster + offset,
                        count,
                        clusterSectors,
                        "data{i}",
                        0,
                        false,
                        "qcow2",
                        4000));
        return new Step.Repeat(clusters, body);
    }

    private static int intParam(JsonTree.Node n, String name, int def, int min, int max)
            throws WorkloadException {
        return n.has(name) ? (int) n.get(name).integer(min, max) : def;
    }

    private static long longParam(JsonTree.Node n, String name, long def) throws WorkloadException {
        return n.has(name) ? n.get(name).integer(0, Long.MAX_VALUE / 4) : def;
    }
}
