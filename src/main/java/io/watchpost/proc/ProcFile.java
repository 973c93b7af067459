package io.watchpost.proc;

import java.nio.file.Path;

/**
 * The files Watchpost reads under a proc root, where each is and how large it may be. Kernel file names appear here
 * and nowhere above this package.
 *
 * <p>A cap is per kind of file: far above what a real kernel writes, yet small enough that a broken or hostile file
 * cannot exhaust the component's heap (the recipe runs it with {@code -Xmx64m}). A file over its cap is refused with
 * a {@link ProcFileException} naming the file and the cap. The socket tables grow with the connections and are read
 * piece by piece in a fixed buffer, so their cap bounds only the time spent, not memory; their lines, like every
 * line, are at most {@link ProcFileReader#MAX_STREAMED_LINE_BYTES} long.
 */
public enum ProcFile {
    /** {@code net/tcp}: IPv4 TCP sockets (net/ipv4/tcp_ipv4.c). ~150 bytes a socket: 1 GiB is ~7 million. */
    TCP(Place.NET, "tcp", 1L << 30),
    TCP6(Place.NET, "tcp6", 1L << 30),
    UDP(Place.NET, "udp", 1L << 30),
    UDP6(Place.NET, "udp6", 1L << 30),
    /** {@code net/dev}: ~200 bytes an interface; 4 MiB is ~20,000 interfaces. */
    NET_DEV(Place.NET, "dev", 4L << 20),
    /** {@code net/if_inet6}: ~60 bytes an IPv6 address. */
    IF_INET6(Place.NET, "if_inet6", 4L << 20),
    /** {@code net/fib_trie}: every routing table as a tree; a few lines a route. */
    FIB_TRIE(Place.NET, "fib_trie", 8L << 20),
    /** {@code net/route}: 128 bytes an IPv4 route of the main table. */
    ROUTE(Place.NET, "route", 4L << 20),
    /** {@code sys/kernel/random/boot_id}: a UUID and a newline. */
    BOOT_ID(Place.ROOT, "sys/kernel/random/boot_id", 4096),
    /** {@code stat}: a line per CPU and one with a counter per IRQ; 4 MiB holds thousands of both. */
    STAT(Place.ROOT, "stat", 4L << 20),
    MEMINFO(Place.ROOT, "meminfo", 1L << 20),
    LOADAVG(Place.ROOT, "loadavg", 4096),
    UPTIME(Place.ROOT, "uptime", 4096);

    /** Where a file is: directly under the proc root, or in the network directory {@link ProcRoot#netDir()}. */
    enum Place { ROOT, NET }

    private final Place place;
    private final String name;
    private final long maxBytes;

    ProcFile(Place place, String name, long maxBytes) {
        this.place = place;
        this.name = name;
        this.maxBytes = maxBytes;
    }

    /** The file under a resolved root. */
    public Path in(ProcRoot root) {
        return place == Place.NET ? root.netDir().resolve(name) : root.root().resolve(name);
    }

    /** The most bytes a real file of this kind holds; more is refused. */
    public long maxBytes() {
        return maxBytes;
    }

    boolean isSocketTable() {
        return this == TCP || this == TCP6 || this == UDP || this == UDP6;
    }

    boolean isIpv6SocketTable() {
        return this == TCP6 || this == UDP6;
    }
}
