package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.report.NetworkStats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileSuggesterTest {
    private final ProfileSuggester suggester = new ProfileSuggester(ProfileSuggester.Options.defaults("gw"));

    private static Map<String, Behavior> byName(ProfileSuggester.Suggestion s) {
        Map<String, Behavior> out = new LinkedHashMap<>();
        s.profile().behaviors().forEach(b -> out.put(b.name(), b));
        return out;
    }

    @Test
    void theGatewayHistoryGivesOneBehaviorPerRule() {
        ProfileSuggester.Suggestion s = suggester.suggest(Histories.gateway());
        Map<String, Behavior> b = byName(s);

        assertEquals(List.of("listening-tcp-ports", "listening-udp-ports", "destination-ip-addresses",
                "num-listening-tcp-ports", "num-listening-udp-ports", "num-established-tcp-connections",
                "all-bytes-in", "all-bytes-out", "all-packets-in", "all-packets-out", "cpu_usage", "interfaces",
                "local_ips"), List.copyOf(b.keySet()));
        // MinPresence 5 %: 8080 (10 %) stays, 9999 (2.5 %) and 31337 (once) go, and the description says so
        assertEquals(MetricValue.ofPorts(List.of(22, 443, 8080)), b.get("listening-tcp-ports").criteria().value());
        assertEquals(MetricValue.ofPorts(List.of(53)), b.get("listening-udp-ports").criteria().value());
        assertTrue(s.notes().contains("TCP ports observed once, excluded: 31337."), s.notes().toString());
        assertTrue(s.notes().contains("TCP ports seen in under 5 % of samples, excluded: 9999."));
        assertTrue(s.profile().description().contains("observed once, excluded: 31337"));
        // /32s merged into the /24 when >= 4 hosts share it; a lone host stays /32; IPv6 /128
        assertEquals(MetricValue.ofCidrs(List.of("10.1.2.0/24", "192.0.2.7/32", "2001:db8::1/128")),
                b.get("destination-ip-addresses").criteria().value());
        // headroom: max + max(2, 25 %)
        assertEquals(MetricValue.ofCount(6 + 2), b.get("num-listening-tcp-ports").criteria().value()); // 6 at i=5
        assertEquals(MetricValue.ofCount(1 + 2), b.get("num-listening-udp-ports").criteria().value());
        assertEquals(MetricValue.ofCount(12 + 3), b.get("num-established-tcp-connections").criteria().value());
        // windows: 5 samples x 100 bytes = 500 per 300 s window; ceil(p99.9 x 1.5) = 750
        Criteria bytesIn = b.get("all-bytes-in").criteria();
        assertEquals(MetricValue.ofCount(750), bytesIn.value());
        assertEquals(300, bytesIn.durationSeconds());
        assertEquals(ComparisonOperator.LESS_THAN_EQUALS, bytesIn.comparisonOperator());
        assertEquals(MetricValue.ofCount(75), b.get("all-packets-in").criteria().value());
        // custom: number max 49.5 x 1.25; string-list keeps AWS's characters only; ip-list as CIDRs
        assertEquals(MetricValue.ofNumber(new BigDecimal("61.875")), b.get("cpu_usage").criteria().value());
        assertEquals(MetricValue.ofStrings(List.of("eth0", "wlan0")), b.get("interfaces").criteria().value());
        assertEquals(ComparisonOperator.IN_SET, b.get("interfaces").criteria().comparisonOperator());
        assertEquals(MetricValue.ofCidrs(List.of("192.168.1.10/32")), b.get("local_ips").criteria().value());
        for (Behavior x : b.values()) {
            assertEquals(2, x.criteria().consecutiveDatapointsToAlarm(), x.name());
            assertEquals(2, x.criteria().consecutiveDatapointsToClear(), x.name());
            assertEquals(null, x.suppressAlerts());
            assertEquals(null, x.criteria().statistic());
            assertEquals(null, x.criteria().mlConfidenceLevel());
        }
    }

    @Test
    void thePercentileIsTheNinetyNineNinthOfTheWindowsNotTheMaximum() {
        LearningHistory h = new LearningHistory();
        // 2,001 windows of one sample each (300 s apart): 1..2001 bytes out, but 1000 replaced by an outlier of 10^9
        for (int i = 0; i <= 2001; i++) {
            long out = i == 1000 ? 1_000_000_000L : i;
            h.observe(new Observation(Histories.T0.plusSeconds(300L * i), List.of(), List.of(), 0, 0, 0, List.of(),
                    i == 0 ? null : new NetworkStats(0, out, 0, 0), Map.of()));
        }
        assertEquals(2001, h.windows().size());
        Behavior bytesOut = byName(suggester.suggest(h)).get("all-bytes-out");
        // nearest rank ceil(0.999 x 2001) = 1999th of the sorted windows (1..999, 1001..2001, 10^9): 2000, x 1.5
        assertEquals(MetricValue.ofCount(3000), bytesOut.criteria().value());
    }

    @Test
    void moreThanAHundredCidrsSkipsTheDestinationRuleWithANote() {
        LearningHistory h = new LearningHistory();
        List<String> dest = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            dest.add("10." + i + ".0.1"); // 101 different /24s, one host each: no merge possible
        }
        h.observe(new Observation(Histories.T0, List.of(22), List.of(), 1, 0, 101, dest, null, Map.of()));

        ProfileSuggester.Suggestion s = suggester.suggest(h);

        assertTrue(!byName(s).containsKey("destination-ip-addresses"));
        assertTrue(s.notes().contains("aws:destination-ip-addresses: 101 CIDRs after merging, more than 100: no rule"
                + " suggested."), s.notes().toString());
    }

    @Test
    void aResetDiscardsTheOpenWindowAndShortSamplingHasNoByteRules() {
        LearningHistory h = new LearningHistory();
        Instant t = Histories.T0;
        h.observe(new Observation(t, List.of(), List.of(), 0, 0, 0, List.of(), null, Map.of()));
        h.observe(new Observation(t.plusSeconds(200), List.of(), List.of(), 0, 0, 0, List.of(),
                new NetworkStats(1, 1, 1, 1), Map.of()));
        h.observe(new Observation(t.plusSeconds(400), List.of(), List.of(), 0, 0, 0, List.of(), null, Map.of()));
        h.observe(new Observation(t.plusSeconds(600), List.of(), List.of(), 0, 0, 0, List.of(),
                new NetworkStats(5, 5, 5, 5), Map.of()));
        assertTrue(h.windows().isEmpty(), "the reset at 400 s dropped the open window; 600 s is 200 s into the next");
        h.observe(new Observation(t.plusSeconds(700), List.of(), List.of(), 0, 0, 0, List.of(),
                new NetworkStats(7, 7, 7, 7), Map.of()));
        assertEquals(List.of(12L, 12L, 12L, 12L), List.of(h.windows().get(0)[0], h.windows().get(0)[1],
                h.windows().get(0)[2], h.windows().get(0)[3]));

        LearningHistory shortOne = new LearningHistory();
        shortOne.observe(new Observation(t, List.of(22), List.of(), 1, 0, 0, List.of(), null, Map.of()));
        ProfileSuggester.Suggestion s = suggester.suggest(shortOne);
        assertTrue(s.notes().contains("No complete 300 s window observed: no byte or packet rules."));
        assertTrue(s.notes().contains("No established connections observed: no destination rule."));
        assertEquals(MetricValue.ofPorts(List.of(22)), byName(s).get("listening-tcp-ports").criteria().value(),
                "with one sample every port seen is allowed");
    }

    @Test
    void anEmptyHistoryIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> suggester.suggest(new LearningHistory()));
        assertThrows(IllegalArgumentException.class,
                () -> new ProfileSuggester(ProfileSuggester.Options.defaults("bad name")));
    }

    @Test
    void everyFormatLoadsBackToTheSameBehaviors() {
        ProfileSuggester.Suggestion s = suggester.suggest(Histories.gateway());
        ProfileLoader loader = new ProfileLoader(StatisticalMode.UNSUPPORTED);
        for (ProfileFormat f : ProfileFormat.values()) {
            Object reread = BehaviorValidationTest.json(f.text(s.profile()));
            LoadedProfiles loaded = loader.loadDocument(reread, f.optionName(), "gw");
            assertEquals(List.of(), loaded.problems(), f.optionName());
            assertEquals(s.profile().behaviors(), loaded.profiles().get(0).evaluable(), f.optionName());
        }
        String cfn = ProfileFormat.CLOUDFORMATION.text(s.profile());
        assertTrue(cfn.contains("\"Count\" : \"750\""), "CloudFormation's Count is a string");
        assertTrue(cfn.startsWith("{\n  \"Type\" : \"AWS::IoT::SecurityProfile\""));
        assertTrue(ProfileFormat.BEHAVIORS.text(s.profile()).startsWith("[ {"));
        assertTrue(ProfileFormat.CLI.text(s.profile()).contains("\"count\" : 750"));
    }
}
