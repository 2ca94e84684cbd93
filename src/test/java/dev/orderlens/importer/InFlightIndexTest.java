package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orderlens.importer.BlkRequests.Dev;
import dev.orderlens.importer.BlkRequests.KeyLists;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InFlightIndexTest {
    private record K(Dev dev, byte letter, long sector, int count) {}

    @Test
    void findsAddsAndRemovesLikeAHashMapThroughGrowthAndCollisions() {
        Dev[] devs = {new Dev(1 << 20, 0, "1,0"), new Dev((8 << 20) | 16, 1, "8,16")};
        InFlightIndex index = new InFlightIndex();
        Map<K, KeyLists> reference = new HashMap<>();
        List<K> live = new ArrayList<>();
        Random rnd = new Random(11);
        for (int step = 0; step < 100_000; step++) {
            // few distinct sectors, so keys repeat, probe runs collide and removals shift them
            K k =
                    new K(
                            devs[rnd.nextInt(2)],
                            (byte) rnd.nextInt(3),
                            8L * rnd.nextInt(3000),
                            8 * (1 + rnd.nextInt(2)));
            if (rnd.nextInt(3) > 0 || live.isEmpty()) {
                KeyLists got = index.getOrAdd(k.dev(), k.letter(), k.sector(), k.count());
                KeyLists had = reference.putIfAbsent(k, got);
                if (had != null) {
                    assertSame(had, got, "the same key gives the same lists");
                } else {
                    live.add(k);
                }
            } else {
                K gone = live.remove(rnd.nextInt(live.size()));
                index.remove(reference.remove(gone));
                assertNull(index.get(gone.dev(), gone.letter(), gone.sector(), gone.count()));
            }
            if (step % 997 == 0) {
                for (Map.Entry<K, KeyLists> e : reference.entrySet()) {
                    K x = e.getKey();
                    assertSame(e.getValue(), index.get(x.dev(), x.letter(), x.sector(), x.count()));
                }
            }
        }
        assertEquals(reference.size(), live.size());
    }
}
