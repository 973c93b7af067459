package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void removesTheIpcTokenFromText() {
        Redactor r = Redactor.forEnvironment(Map.of("SVCUID", "tok-123456", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "tok-123456"));
        assertEquals("AccessDenied for SVCUID <redacted>", r.clean("AccessDenied for SVCUID tok-123456"));
        assertEquals("", r.clean(null));
    }

    @Test
    void withoutATokenNothingChanges() {
        assertEquals("plain", Redactor.forEnvironment(Map.of()).clean("plain"));
    }
}
