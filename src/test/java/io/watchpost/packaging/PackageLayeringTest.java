package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the product classes, read by the JDK's own {@code jdeps} from the compiled classes (so every
 * reference counts, imports or fully qualified names alike): no package cycles, and the pipeline's layers proc →
 * collect → report → encode → pipeline → runtime never depend upwards. {@code config} is at the bottom, usable by all.
 */
class PackageLayeringTest {
    private static final List<String> LAYERS = List.of("io.watchpost.proc", "io.watchpost.collect",
            "io.watchpost.report", "io.watchpost.encode", "io.watchpost.pipeline", "io.watchpost.runtime");
    /** What config may use: the bottom packages with no product vocabulary. */
    private static final Set<String> CONFIG_MAY_USE = Set.of("io.watchpost.log", "io.watchpost.json");
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.watchpost[\\w.]*)\\s+->\\s+(io\\.watchpost[\\w.]*)\\s");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readGraph() throws URISyntaxException {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", "io\\.watchpost.*", classes.toString());
        assertEquals(0, status, err.toString());
        graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(graph.containsKey("io.watchpost.encode"), "jdeps output not understood:\n" + out);
    }

    @Test
    void noPackageIsPartOfACycle() {
        assertEquals(List.of(), cycles(graph), "package cycles in " + graph);
    }

    @Test
    void thePipelineLayersNeverDependUpwards() {
        List<String> upward = new ArrayList<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String target : graph.getOrDefault(LAYERS.get(i), Set.of())) {
                if (LAYERS.indexOf(target) > i) {
                    upward.add(LAYERS.get(i) + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), upward);
    }

    @Test
    void configDependsOnNoProductPackage() {
        Set<String> used = new TreeSet<>(graph.getOrDefault("io.watchpost.config", Set.of()));
        used.removeAll(CONFIG_MAY_USE);
        assertEquals(Set.of(), used);
    }

    /** The detector itself can fail: it finds the cycle this class's own history had (report ⇄ encode). */
    @Test
    void theCycleDetectorFindsACycle() {
        Map<String, Set<String>> withCycle = Map.of("report", Set.of("encode", "collect"), "encode", Set.of("report"),
                "collect", Set.of());
        assertEquals(List.of(List.of("encode", "report")), cycles(withCycle));
        assertEquals(List.of(), cycles(Map.of("a", Set.of("b"), "b", Set.of())));
    }

    /** Strongly connected components of more than one package (Tarjan), each sorted, in order of discovery. */
    static List<List<String>> cycles(Map<String, Set<String>> edges) {
        return new Tarjan(edges).run();
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<List<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<List<String>> run() {
            for (String node : new TreeSet<>(edges.keySet())) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return components;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            for (String next : new TreeSet<>(edges.getOrDefault(node, Set.of()))) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (stack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    component.sort(null);
                    components.add(component);
                }
            }
        }
    }
}
