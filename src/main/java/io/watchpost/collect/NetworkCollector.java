package io.watchpost.collect;

import java.nio.file.Path;

/** Reads the network state of the host whose /proc is mounted at a given root. */
public interface NetworkCollector {
    /**
     * @param procRoot     where /proc is mounted ({@code /proc}, or a host /proc mounted into a container)
     * @param retainLimit  how many entries of each list to keep at most (more could never fit into one report)
     */
    NetworkSnapshot collect(Path procRoot, int retainLimit) throws CollectException;

    /**
     * As {@link #collect(Path, int)} with a separate limit for the established connections, whose entries are larger
     * than a port's so that fewer can fit. A collector that cannot use it keeps the larger of the two for every list.
     */
    default NetworkSnapshot collect(Path procRoot, int portRetainLimit, int connectionRetainLimit)
            throws CollectException {
        return collect(procRoot, Math.max(portRetainLimit, connectionRetainLimit));
    }
}
