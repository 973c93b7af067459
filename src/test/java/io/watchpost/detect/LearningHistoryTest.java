package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.json.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningHistoryTest {
    @Test
    void aSavedHistoryLoadsToTheSameValueAndTheSameSuggestion(@TempDir Path dir) throws Exception {
        LearningHistory h = Histories.gateway();
        h.save(dir);

        LearningHistory loaded = LearningHistory.load(dir);

        assertEquals(JsonValues.toJson(h.toValue()), JsonValues.toJson(loaded.toValue()));
        ProfileSuggester s = new ProfileSuggester(ProfileSuggester.Options.defaults("gw"));
        assertEquals(s.suggest(h).profile(), s.suggest(loaded).profile());
        assertTrue(Files.exists(dir.resolve("watchpost-learning.json")));
        assertTrue(!Files.exists(dir.resolve("watchpost-learning.json.tmp")));
    }

    @Test
    void distinctValuesAreBoundedAndTheOverflowIsFlagged() {
        LearningHistory h = new LearningHistory();
        List<Integer> ports = new ArrayList<>();
        for (int p = 1; p <= LearningHistory.MAX_PORTS + 10; p++) {
            ports.add(p);
        }
        List<String> dest = new ArrayList<>();
        for (int i = 0; i < LearningHistory.MAX_ADDRESSES + 10; i++) {
            dest.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        h.observe(new Observation(Histories.T0, ports, List.of(), ports.size(), 0, dest.size(), dest, null, Map.of()));

        assertEquals(LearningHistory.MAX_PORTS, h.tcpPorts().size());
        assertTrue(h.portsTruncated());
        assertEquals(LearningHistory.MAX_ADDRESSES, h.destinations().size());
        assertTrue(h.destinationsTruncated());
        ProfileSuggester.Suggestion s = new ProfileSuggester(ProfileSuggester.Options.defaults("gw")).suggest(h);
        assertTrue(s.profile().behaviors().stream().noneMatch(b -> b.name().equals("listening-tcp-ports")
                || b.name().equals("destination-ip-addresses")), "an incomplete set is never suggested");
        assertTrue(s.notes().contains("More than 4096 distinct destinations: no destination rule."));
    }

    @Test
    void aBrokenHistoryFileIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        LearningHistory.Unusable missing = assertThrows(LearningHistory.Unusable.class, () -> LearningHistory.load(dir));
        assertTrue(missing.getMessage().startsWith("no learning history " + dir.resolve("watchpost-learning.json")));

        Files.writeString(dir.resolve("watchpost-learning.json"), "{\"version\": 1, \"samples\": ");
        assertTrue(assertThrows(LearningHistory.Unusable.class, () -> LearningHistory.load(dir)).getMessage()
                .contains("is not valid JSON"));

        Files.writeString(dir.resolve("watchpost-learning.json"), "{\"version\": 2}");
        assertTrue(assertThrows(LearningHistory.Unusable.class, () -> LearningHistory.load(dir)).getMessage()
                .endsWith("is not usable: version 2 is not 1"));

        String good = JsonValues.toJson(Histories.gateway().toValue());
        Files.writeString(dir.resolve("watchpost-learning.json"), good.replace("\"22\":200", "\"x22\":200"));
        assertTrue(assertThrows(LearningHistory.Unusable.class, () -> LearningHistory.load(dir)).getMessage()
                .endsWith("port \"x22\" is not 0-65535"));
    }
}
