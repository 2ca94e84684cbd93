package dev.orderlens.importer;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.TraceBuilder;

/**
 * Rebuilds requests from QEMU block trace events (docs/formats.md §2, docs/importers.md,
 * docs/adr/0012), the way Perfetto's importers are split: each line becomes a {@link QemuEvent} and
 * is dispatched by name to the {@link QemuVirtioTracker} (virtqueue and virtio-blk events) or the
 * {@link QemuHostTracker} (blk/bdrv/backend/thread-pool/qcow2 events); the {@link QemuLinker}
 * decides which virtio request a host request serves; {@link QemuRows} writes the result.
 * Everything else is kept as an OTHER event with its name.
 */
final class QemuRequests {
    private final EventTable events;
    private final int file;
    private final QemuLineArgs args = new QemuLineArgs();
    private final QemuRows rows;
    private final QemuVirtioTracker virtio;
    private final QemuHostTracker host;

    QemuRequests(TraceBuilder b, SourceFile source, int file) {
        this.events = b.events();
        this.file = file;
        this.rows = new QemuRows(b.requests(), events, source, file);
        this.virtio = new QemuVirtioTracker(b, rows, b.layer(Layer.VIRTIO));
        this.host = new QemuHostTracker(b, rows, b.layer(Layer.HOST));
        QemuLinker linker = new QemuLinker(virtio);
        virtio.connect(linker, host);
        host.connect(linker);
    }

    /** A program message (not an event) kept as a MESSAGE event. */
    void message(long t, String text, int line) {
        int e = events.add(t, EventKind.MESSAGE, -1, -1, file, -1, 0);
        events.setText(e, text);
        events.setSourceLine(e, line);
    }

    /** One event line: {@code argsAt} is where its arguments start in {@code fields}. */
    void event(String name, int argsAt, Fields fields, long t, int line) {
        args.split(fields, argsAt);
        dispatch(new QemuEvent(t, name, line, args));
    }

    /** One event decoded elsewhere (a simpletrace record), dispatched like a log line. */
    void event(QemuEvent e) {
        dispatch(e);
    }

    private void dispatch(QemuEvent e) {
        switch (e.name()) {
            case "virtqueue_pop" -> virtio.pop(e);
            case "virtio_blk_handle_write", "virtio_blk_handle_zone_append" ->
                    virtio.handle(e, Op.WRITE);
            case "virtio_blk_handle_read" -> virtio.handle(e, Op.READ);
            case "virtio_blk_handle_zone_mgmt",
                    "virtio_blk_handle_zone_report",
                    "virtio_blk_handle_zone_reset_all" ->
                    virtio.handle(e, Op.OTHER);
            case "virtio_blk_rw_complete",
                    "virtio_blk_zone_report_complete",
                    "virtio_blk_zone_mgmt_complete",
                    "virtio_blk_zone_append_complete" ->
                    virtio.rwComplete(e);
            case "virtio_blk_req_complete" -> virtio.reqComplete(e);
            case "virtqueue_fill" -> virtio.fill(e);
            case "virtqueue_flush" -> virtio.queueFlush(e);
            case "virtio_notify", "virtio_notify_irqfd", "virtio_notify_irqfd_deferred_fn" ->
                    virtio.notify(e);
            case "virtio_queue_notify" -> virtio.queueNotify(e);
            case "virtio_blk_submit_multireq" -> virtio.multireq(e);
            case "blk_co_pwritev", "blk_co_preadv", "blk_co_pwrite_zeroes" -> host.blk(e);
            case "bdrv_co_pwritev",
                    "bdrv_co_preadv",
                    "bdrv_co_pwritev_part",
                    "bdrv_co_preadv_part",
                    "bdrv_co_pwrite_zeroes" ->
                    host.bdrv(e);
            case "luring_co_submit",
                    "file_paio_submit",
                    "paio_submit",
                    "file_paio_submit_co",
                    "paio_submit_co" ->
                    host.backendSubmit(e);
            case "luring_process_completion", "luring_cqe_handler" ->
                    host.backendComplete(e, e.arg("luringcb", "req"));
            case "thread_pool_submit", "thread_pool_submit_aio" -> host.threadPoolSubmit(e);
            case "vm_state_notify" -> host.vmState(e);
            case "thread_pool_complete", "thread_pool_complete_aio" ->
                    host.backendComplete(e, e.arg("req"));
            default -> {
                if (!(e.name().startsWith("qcow2_") && host.qcow2(e))) {
                    rows.other(e, e.name().startsWith("virt") ? virtio.layer() : host.layer());
                }
            }
        }
    }

    void finish() {
        virtio.finish();
        host.finish();
        rows.finish();
        virtio.finishEvents();
    }
}
