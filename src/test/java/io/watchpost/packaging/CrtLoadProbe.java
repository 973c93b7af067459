package io.watchpost.packaging;

import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.io.EventLoopGroup;

/**
 * Started by {@link PlatformJarsIT} in a JVM whose class path is one platform jar: loads aws-crt's native library the
 * way the IPC client does (the first CRT resource triggers it) and says whether that worked.
 */
public final class CrtLoadProbe {
    private CrtLoadProbe() {}

    public static void main(String[] args) {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            System.out.println("crt_loaded os=" + CRT.getOSIdentifier() + " arch=" + CRT.getArchIdentifier()
                    + " threads=" + (group.getNativeHandle() != 0 ? "started" : "none"));
        } catch (Throwable t) {
            System.out.println("crt_load_failed error=" + t);
            System.exit(2);
        }
    }
}
