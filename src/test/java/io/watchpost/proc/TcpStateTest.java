package io.watchpost.proc;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TcpStateTest {
    @Test
    void kernelCodesMapToStates() {
        assertEquals(Optional.of(TcpState.ESTABLISHED), TcpState.fromKernelCode(0x01));
        assertEquals(Optional.of(TcpState.TIME_WAIT), TcpState.fromKernelCode(0x06));
        assertEquals(Optional.of(TcpState.LISTEN), TcpState.fromKernelCode(0x0A));
        assertEquals(Optional.of(TcpState.NEW_SYN_RECV), TcpState.fromKernelCode(0x0C));
        assertEquals(0x0A, TcpState.LISTEN.code());
    }

    @Test
    void everyStateRoundTrips() {
        for (TcpState s : TcpState.values()) {
            assertEquals(Optional.of(s), TcpState.fromKernelCode(s.code()));
        }
    }

    @Test
    void unknownCodesAreEmptyNotErrors() {
        assertEquals(Optional.empty(), TcpState.fromKernelCode(0));
        assertEquals(Optional.empty(), TcpState.fromKernelCode(0x0E));
        assertEquals(Optional.empty(), TcpState.fromKernelCode(0xFF));
        assertEquals(Optional.empty(), TcpState.fromKernelCode(-1));
    }
}
