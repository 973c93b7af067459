package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of the device metrics document specification (AWS IoT developer guide, device-side metrics), one per case. */
class ReportValidatorTest {
    private static final String H = "\"header\":{\"report_id\":1530304554,\"version\":\"1.0\"}";

    private static ReportValidator.Result check(String json) throws Exception {
        return new ReportValidator().validate(new ObjectMapper().readTree(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // the long-name example from the AWS documentation
            "{" + H + ",\"metrics\":{"
                    + "\"listening_tcp_ports\":{\"ports\":[{\"interface\":\"eth0\",\"port\":24800}],\"total\":1},"
                    + "\"listening_udp_ports\":{\"ports\":[{\"interface\":\"eth0\",\"port\":5353}],\"total\":1},"
                    + "\"network_stats\":{\"bytes_in\":29358693495,\"bytes_out\":26485035,\"packets_in\":10013573555,"
                    + "\"packets_out\":11382615},"
                    + "\"tcp_connections\":{\"established_connections\":{\"connections\":["
                    + "{\"local_interface\":\"eth0\",\"local_port\":80,\"remote_addr\":\"192.168.0.1:8000\"},"
                    + "{\"local_port\":443,\"remote_addr\":\"[2001:db8::1]:51000\"}],\"total\":5}}},"
                    + "\"custom_metrics\":{\"MyMetricOfType_Number\":[{\"number\":1}],"
                    + "\"MyMetricOfType_NumberList\":[{\"number_list\":[1,2.5,-3]}],"
                    + "\"MyMetricOfType_StringList\":[{\"string_list\":[\"value_1\",\"value_2\"]}],"
                    + "\"MyMetricOfType_IpList\":[{\"ip_list\":[\"172.0.0.0\",\"::1\"]}]}}",
            // short names
            "{\"hed\":{\"rid\":7,\"v\":\"1.0\"},\"met\":{\"tp\":{\"pts\":[{\"pt\":22,\"if\":\"eth0\"}],\"t\":1},"
                    + "\"up\":{\"pts\":[],\"t\":0},\"ns\":{\"bi\":0,\"bo\":1,\"pi\":2,\"po\":3},"
                    + "\"tc\":{\"ec\":{\"cs\":[{\"rad\":\"10.0.0.1:443\",\"lp\":5000,\"li\":\"eth0\"}],\"t\":1}}},"
                    + "\"cmet\":{\"cpu_usage\":[{\"number\":12.5}]}}",
            // custom metrics only
            "{" + H + ",\"custom_metrics\":{\"a:b_c-d\":[{\"string_list\":[]}]}}",
    })
    void acceptsValidReports(String json) throws Exception {
        ReportValidator.Result r = check(json);
        assertTrue(r.valid(), r.problem());
    }

    @Test
    void returnsTheReportId() throws Exception {
        assertEquals(1530304554L, check("{" + H + ",\"metrics\":{}}").reportId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no header | {\"metrics\":{}} | header",
            "report_id is a string | {\"header\":{\"report_id\":\"1\",\"version\":\"1.0\"},\"metrics\":{}} | report_id",
            "report_id is a float | {\"header\":{\"report_id\":1.5,\"version\":\"1.0\"},\"metrics\":{}} | report_id",
            "version 2.0 | {\"header\":{\"report_id\":1,\"version\":\"2.0\"},\"metrics\":{}} | version",
            "version as number | {\"header\":{\"report_id\":1,\"version\":1.0},\"metrics\":{}} | version",
            "neither metrics block | {\"header\":{\"report_id\":1,\"version\":\"1.0\"}} | metrics",
            "mixed key styles | {\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"met\":{}} | mixed",
            "mixed inside | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tp\":{\"ports\":[],\"t\":0}}} | mixed",
            "unknown key | {\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{\"cpu\":1}} | unexpected",
            "port 0 | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tp\":{\"pts\":[{\"pt\":0}],\"t\":1}}} | 1..65535",
            "port 65536 | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"up\":{\"pts\":[{\"pt\":65536}],\"t\":1}}} | 1..65535",
            "port as string | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"up\":{\"pts\":[{\"pt\":\"22\"}],\"t\":1}}} | 1..65535",
            "total below list | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tp\":{\"pts\":[{\"pt\":1},{\"pt\":2}],\"t\":1}}} | less than",
            "negative total | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tp\":{\"pts\":[],\"t\":-1}}} | non-negative",
            "negative bytes | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"ns\":{\"bi\":-5}}} | non-negative",
            "fractional packets | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"ns\":{\"pi\":1.5}}} | non-negative",
            "remote_addr number | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tc\":{\"ec\":{\"cs\":[{\"rad\":1}],\"t\":1}}}} | rad",
            "remote_addr bad ip | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tc\":{\"ec\":{\"cs\":[{\"rad\":\"300.1.1.1:80\"}],\"t\":1}}}} | rad",
            "remote_addr v6 unbracketed | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tc\":{\"ec\":{\"cs\":[{\"rad\":\"::1:80\"}],\"t\":1}}}} | rad",
            "remote_addr hostname | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tc\":{\"ec\":{\"cs\":[{\"rad\":\"example.com:80\"}],\"t\":1}}}} | rad",
            "remote_addr missing | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{\"tc\":{\"ec\":{\"cs\":[{\"lp\":80}],\"t\":1}}}} | rad",
            "custom value not in array | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":{\"number\":1}}} | exactly one object",
            "custom array of two | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"number\":1},{\"number\":2}]}} | exactly one object",
            "custom two value keys | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"number\":1,\"string_list\":[]}]}} | exactly one of",
            "custom unknown value key | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"numbers\":1}]}} | unknown value key",
            "custom number as string | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"number\":\"1\"}]}} | must be a number",
            "custom number_list with string | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"number_list\":[1,\"x\"]}]}} | numbers",
            "custom string_list with number | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"string_list\":[1]}]}} | strings",
            "custom ip_list with bad ip | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"m\":[{\"ip_list\":[\"10.0.0.256\"]}]}} | IP addresses",
            "custom name starts aws: | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"aws:cpu\":[{\"number\":1}]}} | aws:",
            "custom name bad char | {\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"cmet\":{\"cpu usage\":[{\"number\":1}]}} | [a-zA-Z0-9:_-]",
    })
    void rejectsBrokenRules(String name, String json, String mentioned) throws Exception {
        ReportValidator.Result r = check(json);
        assertFalse(r.valid(), name + " should be rejected");
        assertTrue(r.problem().contains(mentioned), name + ": problem '" + r.problem() + "' should mention " + mentioned);
    }

    @Test
    void rejectsOverLongCustomMetricName() throws Exception {
        String name = "m".repeat(129);
        assertFalse(check("{" + H + ",\"custom_metrics\":{\"" + name + "\":[{\"number\":1}]}}").valid());
        assertTrue(check("{" + H + ",\"custom_metrics\":{\"" + name.substring(1) + "\":[{\"number\":1}]}}").valid());
    }
}
