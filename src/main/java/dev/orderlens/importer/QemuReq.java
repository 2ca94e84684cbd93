package dev.orderlens.importer;

import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import java.util.Arrays;

/** One QEMU request in flight (virtio or host layer) while the QEMU trackers rebuild it. */
final class QemuReq {
    final boolean virtio;
    int lane = -1;
    long vq;
    Op op;
    int flags;
    long sector;
    int count;
    long submit;
    long issue = Time.NONE;
    long complete = Time.NONE;
    long rwComplete = Time.NONE;
    boolean error;

    /** The last failed completion's value (negative errno), 0 when none. */
    int errno;

    int inNum = -1;
    int outNum = -1;
    int fillLen = -1;
    boolean zeroWrite;
    int[] lines = new int[8];
    int nLines;
    int row = -1;
    QemuReq parent;
    QemuReq hostChild;

    /** A virtio read/write in the linker's wait list for its host request. */
    boolean awaitingHost;

    long backend;
    boolean backendDone;
    long co;

    QemuReq(boolean virtio) {
        this.virtio = virtio;
    }

    void line(int l) {
        if (nLines == lines.length) {
            lines = Arrays.copyOf(lines, nLines * 2);
        }
        lines[nLines++] = l;
    }
}
