package dev.orderlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/architecture.md, checked on the sources: only ui touches JavaFX, and
 * packages depend only on packages above them in model → importer → analysis → sim → layout →
 * export → ui → cli (ui and cli depend on nothing below them; nothing imports ui or cli).
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/orderlens");
    private static final List<String> ORDER =
            List.of("model", "importer", "analysis", "sim", "layout", "export", "ui", "cli");

    /** Packages each package may import besides those earlier in ORDER. */
    private static final Map<String, List<String>> FORBIDDEN_EXTRA = Map.of("cli", List.of("ui"));

    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void onlyUiImportsJavaFx() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            if (pkg.equals("ui")) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                if (m.group(1).startsWith("javafx.")
                        || m.group(1).startsWith("org.controlsfx.")
                        || m.group(1).startsWith("org.testfx.")) {
                    offenders.add(MAIN.relativize(f) + " imports " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), offenders, "JavaFX outside the ui package");
    }

    @Test
    void dependenciesPointOneWay() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            int rank = ORDER.indexOf(pkg);
            assertTrue(
                    rank >= 0,
                    "unknown package " + pkg + " (add it to docs/architecture.md and this test)");
            String text = Files.readString(f);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String imp = m.group(1);
                if (!imp.startsWith("dev.orderlens.")) {
                    continue;
                }
                String target = imp.substring("dev.orderlens.".length()).split("\\.")[0];
                int targetRank = ORDER.indexOf(target);
                boolean allowed =
                        targetRank <= rank
                                && !FORBIDDEN_EXTRA.getOrDefault(pkg, List.of()).contains(target);
                if (target.equals("ui") && !pkg.equals("ui")
                        || target.equals("cli") && !pkg.equals("cli")) {
                    allowed = false;
                }
                if (!allowed) {
                    offenders.add(MAIN.relativize(f) + " (" + pkg + ") imports " + imp);
                }
            }
            // fully-qualified use without an import counts too
            for (String other : ORDER) {
                if (!other.equals(pkg)
                        && ORDER.indexOf(other) > rank
                        && Pattern.compile("dev\\.orderlens\\." + other + "\\.[A-Z]")
                                .matcher(stripImports(text))
                                .find()) {
                    offenders.add(
                            MAIN.relativize(f) + " (" + pkg + ") names dev.orderlens." + other);
                }
            }
        }
        assertEquals(List.of(), offenders, "dependency against the package order");
    }

    @Test
    void theCliReachesTheAppOnlyByName() throws IOException {
        String gui = Files.readString(MAIN.resolve("cli/GuiCommand.java"));
        assertTrue(
                gui.contains("\"dev.orderlens.ui.Launcher\""),
                "gui command loads the launcher by name");
    }

    private static String stripImports(String text) {
        return text.replaceAll("(?m)^import .*$", "").replaceAll("\"[^\"\\n]*\"", "\"\"");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String packageOf(Path f) {
        return MAIN.relativize(f).getName(0).toString();
    }
}
