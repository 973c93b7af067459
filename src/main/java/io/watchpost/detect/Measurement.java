package io.watchpost.detect;

import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import java.math.BigDecimal;
import java.util.List;

/** The value one metric had in one sample (or one window), before it is compared with a behavior's criteria. */
public sealed interface Measurement {
    /** An {@code aws:} count, byte or packet number: unsigned 64-bit in a long. */
    record Count(long value) implements Measurement {
    }

    /** A custom {@code number}. */
    record Decimal(BigDecimal value) implements Measurement {
    }

    /** Listening ports. */
    record Ports(PortSet ports) implements Measurement {
    }

    /** Destinations, or a custom {@code ip-address-list}. */
    record Addresses(RemoteAddresses addresses) implements Measurement {
    }

    /** A custom {@code number-list}. */
    record Decimals(List<BigDecimal> values) implements Measurement {
        public Decimals {
            values = List.copyOf(values);
        }
    }

    /** A custom {@code string-list}. */
    record Texts(List<String> values) implements Measurement {
        public Texts {
            values = List.copyOf(values);
        }
    }
}
