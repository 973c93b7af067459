package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileLoaderTest {
    private final ProfileLoader loader = new ProfileLoader(StatisticalMode.UNSUPPORTED);

    static Path shape(String file) {
        try {
            return Path.of(ProfileLoaderTest.class.getResource("shapes/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cli-input.json", "describe-output.json", "edge-baseline.json", "cfn-resource.json",
            "cfn-properties.json"})
    void everyInputShapeLoadsTheSameBehaviors(String file) {
        LoadedProfiles loaded = loader.loadFile(shape(file));

        assertEquals(1, loaded.profiles().size(), loaded.problems().toString());
        LoadedProfile p = loaded.profiles().get(0);
        assertEquals("edge-baseline", p.name());
        assertEquals(List.of("ListeningTcp", "Destinations", "BytesOut", "CpuUsage"),
                p.evaluable().stream().map(Behavior::name).toList());
        assertEquals(List.of("Messages"), p.unsupported().stream().map(SkippedBehavior::name).toList());
        assertTrue(p.rejected().isEmpty());
        // One WARN for the cloud-side metric, nothing else.
        assertEquals(1, loaded.problems().size());
        assertEquals(ProfileProblem.Kind.BEHAVIOR_UNSUPPORTED, loaded.problems().get(0).kind());

        Behavior bytes = p.evaluable().get(2);
        assertEquals(MetricValue.ofCount(1_000_000), bytes.criteria().value(), "CFN's string Count is a number");
        assertEquals(300, bytes.criteria().durationSeconds());
        assertTrue(bytes.suppressed());
        assertEquals(MetricValue.ofNumber(new BigDecimal("90.5")), p.evaluable().get(3).criteria().value());
        assertEquals(MetricValue.ofPorts(List.of(22, 443, 8883)), p.evaluable().get(0).criteria().value());
        assertEquals(2, p.evaluable().get(0).criteria().datapointsToAlarm());
        assertNull(p.evaluable().get(1).criteria().consecutiveDatapointsToAlarm(), "absent stays absent");
    }

    @Test
    void allShapesGiveEqualBehaviorsAndTheWriterGivesTheApiShape() {
        List<Behavior> reference = loader.loadFile(shape("cli-input.json")).profiles().get(0).profile().behaviors();
        for (String f : List.of("describe-output.json", "edge-baseline.json", "cfn-resource.json",
                "cfn-properties.json")) {
            assertEquals(reference, loader.loadFile(shape(f)).profiles().get(0).profile().behaviors(), f);
        }
        Behavior fromCfn = loader.loadFile(shape("cfn-resource.json")).profiles().get(0).profile().behaviors().get(2);
        assertEquals("{\"name\":\"BytesOut\",\"metric\":\"aws:all-bytes-out\",\"criteria\":{\"comparisonOperator\":"
                + "\"less-than-equals\",\"value\":{\"count\":1000000},\"durationSeconds\":300,"
                + "\"consecutiveDatapointsToAlarm\":1,\"consecutiveDatapointsToClear\":1},\"suppressAlerts\":true}",
                BehaviorJson.toJson(fromCfn));
    }

    @Test
    void inlineProfilesAndFilesMixAndGreengrassDoublesAreWholeNumbers(@TempDir Path dir) throws IOException {
        Files.copy(shape("edge-baseline.json"), dir.resolve("edge-baseline.json"));
        Map<String, Object> inline = Map.of("securityProfileName", "inline", "behaviors", List.of(Map.of(
                "name", "Conns", "metric", "aws:num-established-tcp-connections",
                "criteria", Map.of("comparisonOperator", "less-than-equals", "value", Map.of("count", 50.0),
                        "consecutiveDatapointsToAlarm", 3.0))));

        LoadedProfiles loaded = loader.load(List.of(inline, "edge-baseline.json"), dir);

        assertEquals(List.of("inline", "edge-baseline"), loaded.profiles().stream().map(LoadedProfile::name).toList());
        assertEquals("SecurityProfiles[0]", loaded.profiles().get(0).source());
        assertEquals(dir.resolve("edge-baseline.json").toString(), loaded.profiles().get(1).source());
        Criteria c = loaded.profiles().get(0).evaluable().get(0).criteria();
        assertEquals(MetricValue.ofCount(50), c.value());
        assertEquals(3, c.datapointsToAlarm());
        assertEquals(5, loaded.evaluableCount());
    }

    @Test
    void noValueMeansDetectOff() {
        assertEquals(LoadedProfiles.empty(), loader.load(null, Path.of(".")));
    }

    @Test
    void brokenFilesAreRefusedEachWithItsReasonAndTheOthersLoad(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.json"), "{\"securityProfileName\": \"x\", \"behaviors\": [");
        Files.writeString(dir.resolve("empty.json"), "  ");
        Files.writeString(dir.resolve("trailing.json"), "[] []");
        Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}");
        Files.writeString(dir.resolve("template.json"), "{\"Resources\": {}}");
        Files.writeString(dir.resolve("wrongtype.json"), "{\"Type\": \"AWS::IoT::Thing\", \"Properties\": {}}");
        Files.writeString(dir.resolve("bad name.json"), "[]");
        Files.createDirectory(dir.resolve("adir.json"));
        Files.copy(shape("cli-input.json"), dir.resolve("good.json"));

        LoadedProfiles loaded = loader.load(List.of("missing.json", "bad.json", "empty.json", "trailing.json",
                "other.json", "template.json", "wrongtype.json", "bad name.json", "adir.json", 42, "",
                "nul\u0000.json", "good.json"), dir);

        assertEquals(List.of("edge-baseline"), loaded.profiles().stream().map(LoadedProfile::name).toList());
        List<String> rules = new ArrayList<>();
        for (ProfileProblem p : loaded.problems()) {
            if (p.kind() == ProfileProblem.Kind.PROFILE_REJECTED) {
                rules.add(p.describe());
            }
        }
        assertEquals(12, rules.size(), String.join("\n", rules));
        int i = 0;
        assertEquals(dir.resolve("missing.json") + ": not loaded: profile file does not exist", rules.get(i++));
        assertTrue(rules.get(i++).matches(".*bad\\.json: not loaded: profile file is not valid JSON: .*line 1.*"),
                rules.get(i - 1));
        assertTrue(rules.get(i++).endsWith("empty.json: not loaded: profile file is empty (or JSON null)"));
        assertTrue(rules.get(i++).contains("trailing.json: not loaded: profile file is not valid JSON: Trailing"));
        assertTrue(rules.get(i++).contains("other.json: not loaded: not a security profile"));
        assertTrue(rules.get(i++).contains("template.json: not loaded: a CloudFormation template: give the"));
        assertTrue(rules.get(i++).contains("wrongtype.json: not loaded: a CloudFormation resource must have"));
        assertTrue(rules.get(i++).contains("bad name.json: not loaded: profile name \"bad name\" must be 1-128"));
        assertTrue(rules.get(i++).endsWith("adir.json: not loaded: profile file is not a regular file"),
                rules.get(i - 1));
        assertEquals("SecurityProfiles[9]: not loaded: must be a profile object or a file path, not number",
                rules.get(i++));
        assertEquals("SecurityProfiles[10]: not loaded: must be a profile object or a file path, not an empty string",
                rules.get(i++));
        assertEquals("SecurityProfiles[11]: not loaded: \"nul\u0000.json\" is not a valid file path: Nul character not"
                + " allowed", rules.get(i));
    }

    @Test
    void anUnreadableFileIsRefusedNamingPermission(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.json");
        Files.writeString(secret, "[]");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(secret), "root reads any file");

        assertEquals(secret + ": not loaded: profile file cannot be read: permission denied",
                loader.loadFile(secret).problems().get(0).describe());
    }

    @Test
    void aFileOverTheSizeCapIsRefusedWithoutReadingItAll(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.json");
        // 50 MB of a valid-looking array: refused by size, never parsed.
        byte[] chunk = "{\"name\":\"x\"},".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(big)) {
            out.write('[');
            for (long written = 0; written < 50L * 1024 * 1024; written += chunk.length) {
                out.write(chunk);
            }
            out.write("{}]".getBytes(StandardCharsets.US_ASCII));
        }

        LoadedProfiles loaded = loader.loadFile(big);

        assertTrue(loaded.profiles().isEmpty());
        assertEquals(big + ": not loaded: profile file is larger than 1048576 bytes, the limit for a profile",
                loaded.problems().get(0).describe());
    }

    @Test
    void aProfileOverTheBehaviorCapIsRefusedWholeAndTheNextLoads(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"b").append(i).append("\",\"metric\":\"m\"}");
        }
        Files.writeString(dir.resolve("huge.json"), sb.append(']'));
        Files.copy(shape("cli-input.json"), dir.resolve("good.json"));

        LoadedProfiles loaded = loader.load(List.of("huge.json", "good.json"), dir);

        assertEquals(List.of("edge-baseline"), loaded.profiles().stream().map(LoadedProfile::name).toList());
        assertEquals(dir.resolve("huge.json") + ": profile \"huge\": not loaded: has 10000 behaviors; a profile has at"
                + " most 100 (the AWS API's limit)", loaded.problems().get(0).describe());
    }

    @Test
    void duplicateProfileNamesKeepTheFirst(@TempDir Path dir) throws IOException {
        Files.copy(shape("cli-input.json"), dir.resolve("a.json"));
        Files.copy(shape("cfn-resource.json"), dir.resolve("b.json"));

        LoadedProfiles loaded = loader.load(List.of("a.json", "b.json"), dir);

        assertEquals(1, loaded.profiles().size());
        assertTrue(loaded.problems().get(loaded.problems().size() - 1).describe().contains(
                "a profile named \"edge-baseline\" is already loaded from " + dir.resolve("a.json")));
    }

    @Test
    void aBareArrayInlineHasNoNameAndIsRefused() {
        LoadedProfiles loaded = loader.load(List.of(Map.of("behaviors", List.of())), Path.of("."));
        assertEquals("SecurityProfiles[0]: not loaded: securityProfileName is required",
                loaded.problems().get(0).describe());
    }

    @Test
    void problemsLogInTheHouseStyleAtTheirLevel() {
        LoadedProfiles loaded = loader.loadFile(shape("cli-input.json"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        EventLog log = new EventLog(out, out, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                EventLog.Level.INFO);

        loaded.logProblems(log);

        assertEquals("2026-01-01T00:00:00Z WARN detect_behavior_unsupported profile=edge-baseline behavior=Messages"
                + " field=metric reason=\"aws:num-messages-sent is a cloud-side metric, measured by AWS IoT Core\""
                + " source=" + shape("cli-input.json") + " effect=\"kept as unsupported-on-device; it never alarms\"\n",
                bytes.toString(StandardCharsets.UTF_8));

        bytes.reset();
        LoadedProfiles bad = loader.load(List.of(Map.of("securityProfileName", "p", "behaviors", List.of(Map.of(
                "name", "Ssh", "metric", "aws:listening-tcp-ports", "criteria", Map.of("comparisonOperator",
                        "in-port-set", "value", Map.of("ports", List.of(22, 65536)))))), "missing.json"), Path.of("/etc"));
        bad.logProblems(log);
        assertEquals("2026-01-01T00:00:00Z ERROR detect_behavior_rejected profile=p behavior=Ssh"
                + " field=criteria.value.ports[1] rule=\"65536 must be a whole number from 0 to 65535\""
                + " source=SecurityProfiles[0] effect=\"behavior dropped; the rest of the profile loads\"\n"
                + "2026-01-01T00:00:00Z ERROR detect_profile_rejected rule=\"profile file does not exist\""
                + " source=/etc/missing.json effect=\"profile not loaded; other profiles load\"\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
