package io.watchpost.collect;

import io.watchpost.log.EventLog;
import java.nio.file.Path;

/**
 * TEMPORARY PLACEHOLDER so the report branch compiles: the real collector is written on the proc branch and replaces
 * this file at merge. It reads nothing and always fails, naming the root.
 */
public final class ProcNetworkCollector implements NetworkCollector {
    public ProcNetworkCollector(EventLog log) {
    }

    @Override
    public NetworkSnapshot collect(Path procRoot, int retainLimit) throws CollectException {
        throw new CollectException(procRoot, "placeholder collector (report branch): the proc collector is not merged",
                null);
    }
}
