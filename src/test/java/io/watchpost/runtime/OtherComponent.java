package io.watchpost.runtime;

import io.watchpost.localcore.LocalIpcServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;

/** Another Greengrass component on the same nucleus: a real IPC client of its own, for local publish/subscribe. */
final class OtherComponent {
    private OtherComponent() {
    }

    /** Connects a client to {@code server}; the client and its callback thread are added to {@code closeAfter}. */
    static GreengrassCoreIPCClientV2 connect(LocalIpcServer server, String token, List<AutoCloseable> closeAfter)
            throws IOException {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        GreengrassCoreIPCClientV2 client = GreengrassCoreIPCClientV2.builder()
                .withSocketPath(server.socketPath().toString()).withAuthToken(token).withExecutor(callbacks).build();
        closeAfter.add(client);
        closeAfter.add(callbacks::shutdownNow);
        return client;
    }
}
