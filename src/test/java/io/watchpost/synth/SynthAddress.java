package io.watchpost.synth;

import java.util.Arrays;
import java.util.Objects;

/**
 * A local or remote address of a synthetic socket.
 *
 * @param bytes the address in network order: 4 bytes in the IPv4 tables, 16 in the IPv6 tables
 * @param owner the interface that owns it, or null (wildcard, remote, or an address no interface owns)
 */
record SynthAddress(byte[] bytes, String owner) {
    static final SynthAddress ANY4 = new SynthAddress(new byte[4], null);
    static final SynthAddress ANY6 = new SynthAddress(new byte[16], null);

    static SynthAddress v4(int a, int b, int c, int d, String owner) {
        return new SynthAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, owner);
    }

    /** The same IPv4 address as an IPv6 socket sees it: {@code ::ffff:a.b.c.d}. */
    SynthAddress mapped() {
        if (bytes.length != 4) {
            throw new IllegalStateException("only an IPv4 address can be mapped");
        }
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(bytes, 0, v6, 12, 4);
        return new SynthAddress(v6, owner);
    }

    boolean isV4Mapped() {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    boolean isWildcard() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code a.b.c.d} for IPv4 and IPv4-mapped, RFC 5952 text for other IPv6. */
    String text() {
        if (bytes.length == 4) {
            return dotted(bytes, 0);
        }
        return isV4Mapped() ? dotted(bytes, 12) : Ipv6Text.canonical(bytes);
    }

    /** The report's {@code remote_addr}: {@code a.b.c.d:port}, or {@code [v6]:port}. */
    String withPort(int port) {
        boolean bracketed = bytes.length == 16 && !isV4Mapped();
        return bracketed ? "[" + text() + "]:" + port : text() + ":" + port;
    }

    private static String dotted(byte[] b, int from) {
        return (b[from] & 0xFF) + "." + (b[from + 1] & 0xFF) + "." + (b[from + 2] & 0xFF) + "." + (b[from + 3] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SynthAddress other && Arrays.equals(bytes, other.bytes)
                && Objects.equals(owner, other.owner);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + Objects.hashCode(owner);
    }

    @Override
    public String toString() {
        return text() + (owner == null ? "" : "%" + owner);
    }
}
