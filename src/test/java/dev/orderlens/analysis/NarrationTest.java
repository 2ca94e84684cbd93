package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarrationTest {
    /** A guest write that crosses a flush, a FUA write, a PREFLUSH write, a writeback error. */
    private static Trace story() {
        TraceFixture f = new TraceFixture();
        f.write(1).sectors(0, 8).times(0, 10L).issued(2).data("a");
        f.write(2).sectors(8, 8).times(5, 30L);
        f.flush(3).times(20, 40L);
        f.write(4).sectors(16, 8).times(50, 60L).flags("fua");
        f.write(5).sectors(24, 8).times(70, 80L).flags("preflush");
        f.writebackError(90, "guest", "vda", 24, 8);
        return f.build();
    }

    private static List<String> lines(Narration n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(n.step(i).time() + " " + n.step(i).kind() + " " + n.text(i));
        }
        return out;
    }

    @Test
    void everySubmitIssueCompletionAndEventIsAStepInTimeOrder() {
        Narration n = Narration.of(CrashAnalysis.of(story()), CacheMode.WRITEBACK);
        List<String> l = lines(n);
        assertEquals(12, n.size(), String.join("\n", l));
        assertEquals(
                "0 SUBMIT guest#1 write (sectors 0+8, a) submitted to the guest layer: nothing is promised until it completes.",
                l.get(0));
        assertEquals(
                "2 ISSUE guest#1 write (sectors 0+8, a) issued: handed to the virtqueue (QEMU has it now); still not durable: it is in flight.",
                l.get(1));
        assertEquals(
                "10 COMPLETE guest#1 write (sectors 0+8, a) completed: acknowledged, but it may sit in a volatile cache — "
                        + "not durable until a flush submitted from now on completes.",
                l.get(3));
        assertEquals(4, n.lastStepAtOrBefore(29));
        assertEquals(-1, n.lastStepAtOrBefore(-1));
    }

    @Test
    void aFlushSaysWhatItCoversAndWhatItDoesNot() {
        Narration n = Narration.of(CrashAnalysis.of(story()), CacheMode.WRITEBACK);
        List<String> l = lines(n);
        assertEquals(
                "20 SUBMIT guest#3 flush submitted: when it completes, the 1 write of vda completed by now becomes durable; "
                        + "the 1 write still in flight (guest#2) is not covered, although submitted before it.",
                l.get(4));
        assertEquals(
                "40 COMPLETE guest#3 flush completed: the 1 write of vda completed before it was submitted at 0.000000020 s "
                        + "is durable now; it promises nothing about the 1 write in flight then (guest#2).",
                l.get(6));
    }

    @Test
    void fuaAndPreflushPromiseDifferentThings() {
        Narration n = Narration.of(CrashAnalysis.of(story()), CacheMode.WRITEBACK);
        List<String> l = lines(n);
        assertEquals(
                "50 SUBMIT guest#4 FUA write (sectors 16+8) submitted to the guest layer: nothing is promised until it "
                        + "completes; FUA: its own data will be durable when it completes.",
                l.get(7));
        assertEquals(
                "60 COMPLETE guest#4 FUA write (sectors 16+8) completed with FUA: its data is durable now. "
                        + "FUA says nothing about other writes still in a cache.",
                l.get(8));
        // write 2 completed at 30 and no flush covered it by 70; write 4 is already durable (FUA)
        assertEquals(
                "70 SUBMIT guest#5 PREFLUSH write (sectors 24+8) submitted to the guest layer: nothing is promised until it "
                        + "completes; PREFLUSH: the 1 write of vda completed by now will be made durable first — not this write's own "
                        + "data, which the preflush does not cover.",
                l.get(9));
        assertEquals(
                "80 COMPLETE guest#5 PREFLUSH write (sectors 24+8) completed: its preflush made the 1 write completed "
                        + "before it was submitted durable; its own data is not covered by its preflush: volatile until a later flush "
                        + "completes.",
                l.get(10));
        assertEquals(
                "90 EVENT Writeback error on vda sectors 24+8: the volatile writes it covers are lost — a later flush "
                        + "that succeeds will not bring them back.",
                l.get(11));
    }

    @Test
    void theCacheModeChangesThePromise() {
        CrashAnalysis a = CrashAnalysis.of(story());
        List<String> wt = lines(Narration.of(a, CacheMode.WRITETHROUGH));
        assertEquals(
                "10 COMPLETE guest#1 write (sectors 0+8, a) completed: durable now — cache=writethrough writes through.",
                wt.get(3));
        List<String> unsafe = lines(Narration.of(a, CacheMode.UNSAFE));
        assertEquals(
                "20 SUBMIT guest#3 flush submitted; with cache=unsafe QEMU will ignore it: it makes nothing durable.",
                unsafe.get(4));
        assertEquals(
                "40 COMPLETE guest#3 flush completed, but cache=unsafe: QEMU ignored it — nothing became durable.",
                unsafe.get(6));
    }

    @Test
    void aDeviceWriteIsDispatchedAndAFailedWriteIsNeverDurable() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L).issued(4).failed();
        Narration n = Narration.of(CrashAnalysis.of(f.build()), CacheMode.WRITEBACK);
        assertEquals(
                "device#1 write (sectors 0+8) issued: dispatched to the device; still not durable: it is in flight.",
                n.text(1));
        assertEquals(
                "device#1 write (sectors 0+8) failed: its data may be anywhere or nowhere, and no flush will make it durable.",
                n.text(2));
    }
}
