package io.watchpost.detect;

import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.NetworkStats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Learning histories for tests, built through {@link LearningHistory#observe} as the component feeds it. */
final class Histories {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private Histories() {
    }

    /**
     * 200 samples 60 s apart: TCP 22 and 443 always, 8080 in 20 samples (10 %), 9999 in 5 (2.5 %), 31337 once; UDP
     * 53 always; destinations 10.1.2.1-10.1.2.5 (merge to /24), 192.0.2.7, 2001:db8::1; counts up to 7/1/12;
     * 100 bytes in and 10 packets in per sample (500 per 300 s window), a custom number, string-list and ip-list.
     */
    static LearningHistory gateway() {
        LearningHistory h = new LearningHistory();
        for (int i = 0; i < 200; i++) {
            List<Integer> tcp = new ArrayList<>(List.of(22, 443));
            if (i % 10 == 0) {
                tcp.add(8080);
            }
            if (i % 40 == 1) {
                tcp.add(9999);
            }
            if (i == 77) {
                tcp.add(31337);
            }
            List<String> dest = new ArrayList<>(List.of("10.1.2." + (1 + i % 5), "192.0.2.7", "2001:db8::1"));
            h.observe(new Observation(T0.plusSeconds(60L * i), tcp, List.of(53), tcp.size() + (i == 5 ? 4 : 0), 1,
                    i == 9 ? 12 : 3, dest, i == 0 ? null : new NetworkStats(100, 40 + i, 10, 4),
                    Map.of("cpu_usage", new CustomMetricValue.Number(new BigDecimal(i % 50 + ".5")),
                            "interfaces", new CustomMetricValue.StringList(List.of("eth0", "wlan0", "bad name")),
                            "local_ips", new CustomMetricValue.IpList(List.of("192.168.1.10")))));
        }
        return h;
    }
}
