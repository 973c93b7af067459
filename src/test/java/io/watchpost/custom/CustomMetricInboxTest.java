package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomMetricInboxTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final LogCapture logs = new LogCapture(clock, EventLog.Level.INFO);
    final AtomicInteger cap = new AtomicInteger(50);
    final CustomMetricInbox inbox = new CustomMetricInbox(logs.log, clock, cap::get);

    private Optional<String> send(String json) {
        return inbox.receive(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void allFourTypes_areKept() {
        assertEquals(Optional.empty(), send("{\"name\":\"failed_logins\",\"number\":3}"));
        assertEquals(Optional.empty(), send("{\"name\":\"open_files\",\"number_list\":[12,40.50,-1e3]}"));
        assertEquals(Optional.empty(), send("{\"number\":0.25,\"name\":\"battery\"}"));
        assertEquals(Optional.empty(), send("{\"name\":\"wifi_ssids\",\"string_list\":[\"home\",\"lab-2\"]}"));
        assertEquals(Optional.empty(), send("{\"name\":\"peers\",\"ip_list\":[\"192.0.2.7\",\"2001:db8::1\","
                + "\"::ffff:10.0.0.1\"]}"));
        assertEquals(Map.of(
                "failed_logins", new CustomMetricValue.Number(new BigDecimal("3")),
                "open_files", new CustomMetricValue.NumberList(List.of(new BigDecimal("12"), new BigDecimal("40.5"),
                        new BigDecimal("-1000"))),
                "battery", new CustomMetricValue.Number(new BigDecimal("0.25")),
                "wifi_ssids", new CustomMetricValue.StringList(List.of("home", "lab-2")),
                "peers", new CustomMetricValue.IpList(List.of("192.0.2.7", "2001:db8::1", "::ffff:10.0.0.1"))),
                inbox.snapshot());
        assertEquals(List.of("battery", "failed_logins", "open_files", "peers", "wifi_ssids"),
                List.copyOf(inbox.snapshot().keySet()), "sorted by name");
    }

    @Test
    void latestValueWins() {
        send("{\"name\":\"failed_logins\",\"number\":3}");
        send("{\"name\":\"failed_logins\",\"number\":7}");
        assertEquals(Map.of("failed_logins", new CustomMetricValue.Number(new BigDecimal("7"))), inbox.snapshot());
    }

    @Test
    void anInvalidUpdate_keepsThePreviousValue() {
        send("{\"name\":\"failed_logins\",\"number\":3}");
        assertTrue(send("{\"name\":\"failed_logins\",\"number\":\"4\"}").isPresent());
        assertEquals(Map.of("failed_logins", new CustomMetricValue.Number(new BigDecimal("3"))), inbox.snapshot());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad JSON                | {"name":"x","number":          | not valid JSON
            NaN token               | {"name":"x","number":NaN}      | not valid JSON
            NaN string              | {"name":"x","number":"NaN"}    | holds string "NaN", not a JSON number
            trailing garbage        | {"name":"x","number":1} {}     | not valid JSON
            duplicate key           | {"name":"x","number":1,"number":2} | not valid JSON
            not an object           | [1,2,3]                        | not a JSON object
            no name                 | {"number":1}                   | "name" is missing
            name not a string       | {"name":5,"number":1}          | "name" is missing or not a string
            no value                | {"name":"x"}                   | has no value
            two value keys          | {"name":"x","number":1,"number_list":[1]} | has both "number" and "number_list"
            unknown key             | {"name":"x","number":1,"unit":"s"} | unknown key "unit"
            bad name                | {"name":"bad name","number":1} | must be 1-128 characters
            aws prefix              | {"name":"aws:cpu","number":1}  | must not begin with "aws:"
            AWS prefix upper case   | {"name":"AWS:cpu","number":1}  | must not begin with "aws:"
            16 digits               | {"name":"x","number":1234567890123456} | has 16 significant digits
            16 digit decimal        | {"name":"x","number":0.1234567890123456} | has 16 significant digits
            huge exponent           | {"name":"x","number":1e400}    | outside the range of a double
            number as boolean       | {"name":"x","number":true}     | holds boolean true, not a JSON number
            list not an array       | {"name":"x","number_list":5}   | must be a JSON array
            string in number list   | {"name":"x","number_list":[1,"2"]} | not a JSON number
            number in string list   | {"name":"x","string_list":["a",1]} | holds number 1; only strings are allowed
            null in ip list         | {"name":"x","ip_list":[null]}  | only strings are allowed
            space in string         | {"name":"x","string_list":["a b"]} | string "a b"
            host name in ip list    | {"name":"x","ip_list":["example.com"]} | is not an IPv4 or IPv6 address
            zone id in ip list      | {"name":"x","ip_list":["fe80::1%eth0"]} | is not an IPv4 or IPv6 address
            """)
    void invalidMessages_areRefusedWithTheReason(String label, String json, String reason) {
        Optional<String> refusal = send(json);
        assertTrue(refusal.isPresent(), label);
        assertTrue(refusal.get().contains(reason), () -> "expected \"" + reason + "\" in: " + refusal.get());
        assertEquals(Map.of(), inbox.snapshot());
    }

    @Test
    void tooLongName_isRefused() {
        assertTrue(send("{\"name\":\"" + "n".repeat(129) + "\",\"number\":1}").orElseThrow()
                .contains("must be 1-128 characters"));
        assertEquals(Optional.empty(), send("{\"name\":\"" + "n".repeat(128) + "\",\"number\":1}"));
    }

    @Test
    void tooLongList_isRefused() {
        StringBuilder json = new StringBuilder("{\"name\":\"x\",\"number_list\":[0");
        for (int i = 1; i <= 100; i++) {
            json.append(',').append(i);
        }
        assertTrue(send(json + "]}").orElseThrow().contains("has 101 values; at most 100"));
    }

    @Test
    void hugeMessage_isRefusedBeforeParsing() {
        byte[] big = new byte[CustomMetricInbox.MAX_MESSAGE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertTrue(inbox.receive(big).orElseThrow().contains("larger than 65536"));
        assertTrue(inbox.receive(new byte[0]).orElseThrow().contains("empty message"));
    }

    @Test
    void newNamesBeyondTheCap_areRefused_butKnownNamesStillUpdate() {
        cap.set(2);
        send("{\"name\":\"a\",\"number\":1}");
        send("{\"name\":\"b\",\"number\":1}");
        assertTrue(send("{\"name\":\"c\",\"number\":1}").orElseThrow().contains("beyond MaxCustomMetrics (2"));
        assertEquals(Optional.empty(), send("{\"name\":\"a\",\"number\":9}"));
        assertEquals(Map.of("a", new CustomMetricValue.Number(new BigDecimal("9")),
                "b", new CustomMetricValue.Number(new BigDecimal("1"))), inbox.snapshot());
        cap.set(3);
        assertEquals(Optional.empty(), send("{\"name\":\"c\",\"number\":1}"), "the cap is read at each new name");
    }

    @Test
    void zeroCap_refusesEverything() {
        cap.set(0);
        assertTrue(send("{\"name\":\"a\",\"number\":1}").isPresent());
    }

    @Test
    void consumer_logsRefusalsAtWarn_atMostTenAMinute_andCountsTheRest() {
        for (int i = 0; i < 25; i++) {
            inbox.accept("{oops".getBytes(StandardCharsets.UTF_8));
        }
        List<String> refused = logs.lines("custom_metric_refused");
        assertEquals(10, refused.size());
        assertTrue(refused.get(0).contains(" WARN custom_metric_refused reason=\"not valid JSON"), refused.get(0));

        clock.advance(Duration.ofSeconds(61));
        inbox.accept("{\"name\":\"aws:x\",\"number\":1}".getBytes(StandardCharsets.UTF_8));
        List<String> summary = logs.lines("custom_metric_refusals_not_logged");
        assertEquals(1, summary.size());
        assertTrue(summary.get(0).contains("count=15"), summary.get(0));
        assertEquals(11, logs.lines("custom_metric_refused").size());
    }

    @Test
    void theCountOfRefusalsNotLoggedIsLoggedWhenTheirMinuteEndsWithoutAnotherMessage() {
        List<Map.Entry<Duration, Runnable>> timer = new ArrayList<>();
        CustomMetricInbox timed = new CustomMetricInbox(logs.log, clock, cap::get,
                (delay, task) -> timer.add(Map.entry(delay, task)));
        clock.advance(Duration.ofSeconds(5));
        timed.accept("{oops".getBytes(StandardCharsets.UTF_8)); // opens the minute
        clock.advance(Duration.ofSeconds(20));
        for (int i = 0; i < 24; i++) {
            timed.accept("{oops".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(10, logs.lines("custom_metric_refused").size());
        assertEquals(1, timer.size(), "one task for the minute, however many refusals it counts");
        assertEquals(Duration.ofSeconds(40), timer.get(0).getKey(), "due when the minute that began 20 s ago ends");
        assertEquals(List.of(), logs.lines("custom_metric_refusals_not_logged"));

        clock.advance(Duration.ofSeconds(40));
        timer.get(0).getValue().run();
        List<String> summary = logs.lines("custom_metric_refusals_not_logged");
        assertEquals(1, summary.size(), logs.all());
        assertTrue(summary.get(0).contains(" WARN ") && summary.get(0).contains("count=15"), summary.get(0));

        // The next refusal opens a new minute: logged, and the count is not logged twice.
        timed.accept("{oops".getBytes(StandardCharsets.UTF_8));
        assertEquals(11, logs.lines("custom_metric_refused").size());
        assertEquals(1, logs.lines("custom_metric_refusals_not_logged").size());
    }

    @Test
    void aRefusalAfterTheMinuteLogsTheCountOnceEvenIfTheTimerRunsLate() {
        List<Runnable> timer = new ArrayList<>();
        CustomMetricInbox timed = new CustomMetricInbox(logs.log, clock, cap::get, (delay, task) -> timer.add(task));
        for (int i = 0; i < 12; i++) {
            timed.accept("{oops".getBytes(StandardCharsets.UTF_8));
        }
        clock.advance(Duration.ofSeconds(61));
        timed.accept("{oops".getBytes(StandardCharsets.UTF_8));
        timer.forEach(Runnable::run);
        List<String> summary = logs.lines("custom_metric_refusals_not_logged");
        assertEquals(1, summary.size(), logs.all());
        assertTrue(summary.get(0).contains("count=2"), summary.get(0));
    }

    @Test
    void consumer_logsANewNameOnce() {
        inbox.accept("{\"name\":\"a\",\"number\":1}".getBytes(StandardCharsets.UTF_8));
        inbox.accept("{\"name\":\"a\",\"number\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, logs.lines("custom_metric_new").size());
        assertTrue(logs.lines("custom_metric_new").get(0).contains("name=a type=number"));
    }

    @Test
    void concurrentSenders_neverExceedTheCap() throws Exception {
        cap.set(10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        inbox.accept(("{\"name\":\"m" + thread + "_" + (i % 20) + "\",\"number\":" + i + "}")
                                .getBytes(StandardCharsets.UTF_8));
                        inbox.snapshot();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(10, inbox.snapshot().size());
    }
}
