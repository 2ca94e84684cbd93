package dev.orderlens.sim;

import dev.orderlens.model.Trace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in teaching scenarios, read once from the resources listed in {@code
 * dev/orderlens/scenarios/index.txt}, in that order. This is the API the UI's teaching mode uses:
 * list them, show the explanation, run one with overrides.
 */
public final class Scenarios {
    private static final String DIR = "/dev/orderlens/scenarios/";
    private static volatile List<Scenario> all;

    private Scenarios() {}

    public static List<Scenario> all() {
        List<Scenario> s = all;
        if (s == null) {
            s = load();
            all = s;
        }
        return s;
    }

    /** The scenario with this id, or null. */
    public static Scenario get(String id) {
        for (Scenario s : all()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    public static List<String> ids() {
        return all().stream().map(Scenario::id).toList();
    }

    /** Runs a built-in scenario; unknown ids and variants are an IllegalArgumentException. */
    public static Trace run(String id, Overrides overrides) {
        Scenario s = get(id);
        if (s == null) {
            throw new IllegalArgumentException(
                    "unknown scenario '" + id + "' (known: " + String.join(", ", ids()) + ")");
        }
        return Simulator.run(s, overrides);
    }

    private static List<Scenario> load() {
        List<Scenario> out = new ArrayList<>();
        try (InputStream index = Scenarios.class.getResourceAsStream(DIR + "index.txt")) {
            if (index == null) {
                throw new IllegalStateException("missing resource " + DIR + "index.txt");
            }
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = Scenarios.class.getResourceAsStream(DIR + name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + DIR + name);
                    }
                    out.add(WorkloadReader.read(name, in, name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WorkloadException e) {
            throw new IllegalStateException("bundled scenario is broken: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }
}
