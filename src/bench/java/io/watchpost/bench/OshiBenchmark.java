package io.watchpost.bench;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import oshi.SystemInfo;
import oshi.hardware.NetworkIF;
import oshi.software.os.InternetProtocolStats;
import oshi.software.os.InternetProtocolStats.IPConnection;
import oshi.software.os.InternetProtocolStats.TcpState;

/**
 * OSHI collecting what one Device Defender report needs: every socket of tcp/tcp6/udp/udp6 under the proc root
 * ({@code oshi.util.proc.path}, read once per JVM, so JMH's fork per root is what makes each root count), the
 * protocol counters, and the interface counters. OSHI takes interface counters from the live host (sysfs), not from
 * the proc root. The work after OSHI returns (distinct listeners/connections) is the least any agent must do.
 * Favourable to OSHI: the interface list is built once, only its counters are refreshed per report.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OshiBenchmark {
    @Param({"/proc"})
    public String root;

    private InternetProtocolStats ip;
    private List<NetworkIF> interfaces;

    @Setup(Level.Trial)
    public void pointOshiAtTheRoot() {
        // Must happen before any OSHI class resolves its proc path (static, first use).
        System.setProperty("oshi.util.proc.path", root);
        SystemInfo system = new SystemInfo();
        ip = system.getOperatingSystem().getInternetProtocolStats();
        interfaces = system.getHardware().getNetworkIFs(false);
    }

    @Benchmark
    public int collect(Blackhole blackhole, CpuTime cpu) {
        Set<String> tcpListeners = new HashSet<>();
        Set<String> udpListeners = new HashSet<>();
        Set<String> established = new HashSet<>();
        for (IPConnection c : ip.getConnections()) {
            boolean tcp = c.getType().startsWith("tcp");
            if (tcp && c.getState() == TcpState.LISTEN) {
                tcpListeners.add(c.getLocalPort() + " " + Arrays.toString(c.getLocalAddress()));
            } else if (tcp && c.getState() == TcpState.ESTABLISHED) {
                established.add(Arrays.toString(c.getForeignAddress()) + ":" + c.getForeignPort() + " "
                        + c.getLocalPort() + " " + Arrays.toString(c.getLocalAddress()));
            } else if (!tcp && c.getForeignPort() == 0) {
                udpListeners.add(c.getLocalPort() + " " + Arrays.toString(c.getLocalAddress()));
            }
        }
        blackhole.consume(ip.getTCPv4Stats());
        blackhole.consume(ip.getTCPv6Stats());
        blackhole.consume(ip.getUDPv4Stats());
        blackhole.consume(ip.getUDPv6Stats());
        long bytes = 0;
        for (NetworkIF nif : interfaces) {
            nif.updateAttributes();
            bytes += nif.getBytesRecv() + nif.getBytesSent();
        }
        blackhole.consume(bytes);
        return tcpListeners.size() + udpListeners.size() + established.size();
    }
}
