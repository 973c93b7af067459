package io.watchpost.proc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BootIdTest {
    private static Optional<String> parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return BootId.parse(b, b.length);
    }

    @Test
    void capturedBootIdParses() {
        byte[] b = ProcFixtures.bytes(ProcFixtures.dir("host").resolve("sys/kernel/random/boot_id"));
        assertEquals(Optional.of("76917d23-e86b-49a1-8eaa-7ce6e688815b"), BootId.parse(b, b.length));
    }

    @Test
    void anythingButAUuidIsRejected() {
        assertEquals(Optional.empty(), parse(""));
        assertEquals(Optional.empty(), parse("\n"));
        assertEquals(Optional.empty(), parse("76917d23-e86b-49a1-8eaa-7ce6e688815\n"));
        assertEquals(Optional.empty(), parse("76917d23xe86b-49a1-8eaa-7ce6e688815b\n"));
        assertEquals(Optional.empty(), parse("76917d23-e86b-49a1-8eaa-7ce6e688815z\n"));
    }
}
