package io.watchpost.ipc;

/** Opens a new IPC connection to the nucleus; the runtime calls it again after a connection is lost. */
public interface CoreIpcConnector {
    CoreIpc connect() throws IpcException;
}
