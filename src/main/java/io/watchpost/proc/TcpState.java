package io.watchpost.proc;

import java.util.Optional;

/** The {@code st} column of {@code net/tcp} and {@code net/tcp6}: the kernel's {@code TCP_*} states (include/net/tcp_states.h). */
public enum TcpState {
    ESTABLISHED(0x01),
    SYN_SENT(0x02),
    SYN_RECV(0x03),
    FIN_WAIT1(0x04),
    FIN_WAIT2(0x05),
    TIME_WAIT(0x06),
    CLOSE(0x07),
    CLOSE_WAIT(0x08),
    LAST_ACK(0x09),
    LISTEN(0x0A),
    CLOSING(0x0B),
    NEW_SYN_RECV(0x0C),
    BOUND_INACTIVE(0x0D);

    private static final TcpState[] BY_CODE = new TcpState[16];

    static {
        for (TcpState s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Empty for a code this enum does not know (a newer kernel may add states; that is not an error). */
    public static Optional<TcpState> fromKernelCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
