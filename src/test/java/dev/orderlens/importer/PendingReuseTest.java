package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.orderlens.model.Op;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * A completed request's {@code Pending} is reused for a later one (ADR 0320): {@code reset()} must
 * bring back every field a new object has, including fields added later.
 */
class PendingReuseTest {
    @Test
    void resetClearsEveryFieldToWhatANewObjectHas() throws Exception {
        BlkRequests.Pending fresh = new BlkRequests.Pending();
        BlkRequests.Pending used = new BlkRequests.Pending();
        int fields = 0;
        for (Field f : BlkRequests.Pending.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            f.set(used, notDefault(f.getType(), f.get(fresh)));
            assertNotEquals(f.get(fresh), f.get(used), f.getName() + " was changed");
            fields++;
        }
        used.reset();
        for (Field f : BlkRequests.Pending.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                assertEquals(f.get(fresh), f.get(used), f.getName() + " after reset()");
            }
        }
        assertEquals(true, fields > 30, "the fields were found: " + fields);
    }

    /** A value of this type other than {@code was}. */
    private static Object notDefault(Class<?> t, Object was) {
        if (t == long.class) {
            return ((Long) was) + 7;
        } else if (t == int.class) {
            return ((Integer) was) + 7;
        } else if (t == byte.class) {
            return (byte) (((Byte) was) + 7);
        } else if (t == boolean.class) {
            return !((Boolean) was);
        } else if (t == int[].class) {
            return new int[3];
        } else if (t == Op.class) {
            return Op.WRITE;
        } else if (t == String.class) {
            return "kworker";
        } else if (t == java.util.List.class) {
            return new ArrayList<>();
        } else if (t == BlkRequests.Pending.class) {
            return new BlkRequests.Pending();
        } else if (t == BlkRequests.Dev.class) {
            return new BlkRequests.Dev(1, 0, "8,0");
        } else if (t == BlkRequests.Key.class) {
            return new BlkRequests.Key();
        } else if (t == BlkRequests.KeyLists.class) {
            return new BlkRequests.KeyLists();
        }
        throw new AssertionError("a field of a type the test does not know: " + t);
    }
}
