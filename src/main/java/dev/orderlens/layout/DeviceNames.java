package dev.orderlens.layout;

import dev.orderlens.model.Lane;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import java.util.Set;
import java.util.TreeSet;

/**
 * The name a lane is shown by: blkparse names a device by its major,minor ("254,0") in every event
 * line, but its summary block names it as the kernel does ("CPU0 (vda):", "Total (vda):") when it
 * knew the name. When a file holds one device and its summary one name, the lane shows that name
 * ("vda" for "254,0", "vda/q1" for "254,0/q1"); otherwise (several devices, whose summary blocks
 * cannot be matched to their numbers with certainty, or no summary) the lane keeps its own name.
 */
public final class DeviceNames {
    private DeviceNames() {}

    /** The lane's display name. */
    public static String of(Trace t, Lane lane) {
        String device = deviceOf(lane.name());
        if (!isNumbered(device) || lane.file() >= t.sources().size()) {
            return lane.name();
        }
        for (Lane other : t.lanes()) {
            if (other.file() == lane.file() && !deviceOf(other.name()).equals(device)) {
                return lane.name(); // several devices in the file
            }
        }
        Set<String> names = summaryNames(t.sources().get(lane.file()));
        if (names.size() != 1) {
            return lane.name();
        }
        String name = names.iterator().next();
        return isNumbered(name) ? lane.name() : name + lane.name().substring(device.length());
    }

    /**
     * The device names of the summary's block headers, as the importer keeps them in the file's
     * metadata ("Total (vda) Reads Queued", "CPU0 (vda) Writes Completed").
     */
    static Set<String> summaryNames(SourceFile f) {
        Set<String> names = new TreeSet<>();
        for (String key : f.metadata().keySet()) {
            int open = key.indexOf(" (");
            int close = key.indexOf(") ", open + 2);
            if (open < 0 || close < 0) {
                continue;
            }
            String head = key.substring(0, open);
            if (head.equals("Total") || head.matches("CPU\\d+")) {
                names.add(key.substring(open + 2, close));
            }
        }
        return names;
    }

    private static String deviceOf(String lane) {
        int slash = lane.indexOf('/');
        return slash < 0 ? lane : lane.substring(0, slash);
    }

    private static boolean isNumbered(String device) {
        return device.matches("\\d+,\\d+");
    }
}
