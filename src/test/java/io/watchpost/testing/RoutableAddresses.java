package io.watchpost.testing;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** This machine's own non-loopback addresses that live tests can bind to and expect an owning interface for. */
public final class RoutableAddresses {
    /** An address and the interface that holds it. */
    public record Owned(String interfaceName, InetAddress address) {}

    private RoutableAddresses() {}

    public static List<Owned> ofThisMachine() throws SocketException {
        List<Owned> owned = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isLoopback() || !ni.isUp()) {
                continue;
            }
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                InetAddress a = ia.getAddress();
                // An IPv4 /32 has no connected route, so by the documented rule it has no owner: not compared.
                boolean routable = a instanceof Inet4Address ? ia.getNetworkPrefixLength() < 32
                        : a instanceof Inet6Address && !a.isLinkLocalAddress();
                if (routable) {
                    owned.add(new Owned(ni.getName(), a));
                }
            }
        }
        return owned;
    }
}
