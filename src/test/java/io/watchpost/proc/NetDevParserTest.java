package io.watchpost.proc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetDevParserTest {
    private final List<String> problems = new ArrayList<>();
    private final LineProblems recorder = (line, data, start, end, reason) -> problems.add(line + ": " + reason);

    @Test
    void capturedCountersEqualWhatIpSawAtTheSameInstant() throws Exception {
        for (String fixture : List.of(ProcFixtures.HOST, ProcFixtures.MANY_INTERFACES)) {
            byte[] data = ProcFixtures.bytes(ProcFixtures.net(fixture, "dev"));
            List<NetDevRow> rows = NetDevParser.parse(data, data.length, recorder);
            Map<String, NetDevRow> expected = new TreeMap<>();
            for (JsonNode link : ProcFixtures.json(fixture, "ip-link-stats.json")) {
                JsonNode s = link.get("stats64");
                expected.put(link.get("ifname").asText(), new NetDevRow(link.get("ifname").asText(),
                        s.get("rx").get("bytes").asLong(), s.get("rx").get("packets").asLong(),
                        s.get("tx").get("bytes").asLong(), s.get("tx").get("packets").asLong()));
            }
            Map<String, NetDevRow> actual = new TreeMap<>();
            rows.forEach(r -> actual.put(r.name(), r));
            assertEquals(expected, actual, fixture);
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void brokenRowsAreSkippedWithLineNumbersAndBigCountersStayUnsigned() {
        byte[] data = ProcFixtures.bytes(ProcFixtures.broken("dev-broken"));
        List<NetDevRow> rows = NetDevParser.parse(data, data.length, recorder);
        assertEquals(List.of("4: too few columns (15 counters, expected 16)",
                "5: counter 9 is not an unsigned 64-bit decimal",
                "6: counter 1 is not an unsigned 64-bit decimal",
                "8: no ':' after the interface name"), problems);
        NetDevRow big = rows.stream().filter(r -> r.name().equals("big0")).findFirst().orElseThrow();
        assertEquals("18446744073709551615", Long.toUnsignedString(big.rxBytes()));
        assertEquals("9223372036854775808", Long.toUnsignedString(big.rxPackets()));
        assertEquals("18446744073709551614", Long.toUnsignedString(big.txBytes()));
        assertEquals(1, big.txPackets());
        byte[] good = ProcFixtures.bytes(ProcFixtures.net(ProcFixtures.HOST, "dev"));
        assertEquals(NetDevParser.parse(good, good.length, LineProblems.IGNORE).size() + 1, rows.size());
    }

    @Test
    void oldKernelsWithoutABlankAfterTheColonAreAccepted() {
        String text = "h1 |\nh2 |\n  eth0:123456789012 5 0 0 0 0 0 0 77 6 0 0 0 0 0 0\n";
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(new NetDevRow("eth0", 123456789012L, 5, 77, 6)),
                NetDevParser.parse(data, data.length, recorder));
    }

    @Test
    void emptyFileIsOneProblem() {
        assertTrue(NetDevParser.parse(new byte[0], 0, recorder).isEmpty());
        assertEquals(List.of("1: empty file (no header lines)"), problems);
    }
}
