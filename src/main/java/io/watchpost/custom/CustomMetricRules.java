package io.watchpost.custom;

import io.watchpost.report.CustomMetricValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Device Defender's rules for custom metric names and values (the {@code custom_metrics} section of
 * <a href="https://docs.aws.amazon.com/iot/latest/developerguide/detect-device-side-metrics.html">device-side metrics</a> and
 * <a href="https://docs.aws.amazon.com/iot/latest/apireference/API_CreateCustomMetric.html">CreateCustomMetric</a>).
 * Data outside these rules would be sent but not shown or retained, so Watchpost checks it before a report is built.
 *
 * <ul>
 *   <li>Name: 1–128 characters of {@code [a-zA-Z0-9:_-]}, not beginning with {@code aws:}. The prefix is refused in any
 *       letter case ({@code AWS:}, {@code Aws:}): the API does not say whether the check ignores case, and refusing is
 *       the reading that can never produce a metric Device Defender drops.</li>
 *   <li>Number: finite, at most 15 significant digits (the decimal precision a double keeps), within the range of a
 *       double. Computed values are rounded to 15 significant digits ({@link #roundComputed}); values received from
 *       other components are refused when they need more ({@link #check}): rounding someone else's value would
 *       silently change it.</li>
 *   <li>String-list: 1–{@value #MAX_STRING_LENGTH} characters of letters, {@code : _ - / .} <b>and digits</b>. The
 *       only source (the C++ SDK sample README) lists letters and {@code : _ - / .} and does not mention digits. Digits
 *       are allowed anyway: AWS's own Embedded-C demo sends interface names such as {@code eth0} in a string-list, and
 *       every real interface name carries a digit, so a reading without digits would make string-lists useless.</li>
 *   <li>IP-list: IPv4 dotted quads (no leading zeros, which some parsers read as octal) or IPv6 literals (RFC 4291
 *       text forms, including {@code ::} and a trailing dotted quad as in {@code ::ffff:192.0.2.1}); no zone ids
 *       ({@code %eth0}), no host names. Checked by hand: nothing is ever resolved.</li>
 *   <li>Lists: at most {@value #MAX_LIST_VALUES} values. Device Defender documents no list limit; this cap is
 *       Watchpost's own, so one list cannot eat the 128 KiB report budget.</li>
 * </ul>
 */
public final class CustomMetricRules {
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_SIGNIFICANT_DIGITS = 15;
    public static final int MAX_LIST_VALUES = 100;
    public static final int MAX_STRING_LENGTH = 256;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:_-]{1," + MAX_NAME_LENGTH + "}");
    private static final Pattern STRING_ENTRY = Pattern.compile("[a-zA-Z0-9:_\\-/.]{1," + MAX_STRING_LENGTH + "}");
    private static final MathContext FIFTEEN_DIGITS = new MathContext(MAX_SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    private static final int SHOWN_CHARS = 64;

    private CustomMetricRules() {
    }

    public static void checkName(String name) throws InvalidCustomMetricException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidCustomMetricException("name " + shown(name) + " must be 1-" + MAX_NAME_LENGTH
                    + " characters of letters, digits, ':', '_' and '-'");
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new InvalidCustomMetricException("name " + shown(name) + " must not begin with \"aws:\"");
        }
    }

    /** A value the component computed (a percentage, say): rounded to 15 significant digits, then checked. */
    public static BigDecimal roundComputed(BigDecimal value) throws InvalidCustomMetricException {
        return checkNumber(value.round(FIFTEEN_DIGITS));
    }

    /**
     * A number as Device Defender keeps it: at most 15 significant digits, within a double's range. Returns the same
     * value without trailing zeros (written plainly where that needs at most 15 digits: 100, not 1E+2).
     */
    public static BigDecimal checkNumber(BigDecimal value) throws InvalidCustomMetricException {
        if (value == null) {
            throw new InvalidCustomMetricException("a number is missing");
        }
        BigDecimal v = value.stripTrailingZeros();
        if (v.precision() > MAX_SIGNIFICANT_DIGITS) {
            throw new InvalidCustomMetricException("number " + shown(value.toString()) + " has " + v.precision()
                    + " significant digits; at most " + MAX_SIGNIFICANT_DIGITS + " are kept");
        }
        double d = v.doubleValue();
        if (Double.isInfinite(d) || (d == 0.0 && v.signum() != 0)) {
            throw new InvalidCustomMetricException("number " + shown(value.toString())
                    + " is outside the range of a double");
        }
        if (v.scale() < 0 && v.precision() - v.scale() <= MAX_SIGNIFICANT_DIGITS) {
            v = v.setScale(0, RoundingMode.UNNECESSARY);
        }
        return v;
    }

    /** Checks a value received from another component and returns it normalised (numbers without trailing zeros). */
    public static CustomMetricValue check(CustomMetricValue value) throws InvalidCustomMetricException {
        if (value instanceof CustomMetricValue.Number n) {
            return new CustomMetricValue.Number(checkNumber(n.value()));
        }
        if (value instanceof CustomMetricValue.NumberList list) {
            checkListSize("number_list", list.values());
            List<BigDecimal> checked = new ArrayList<>(list.values().size());
            for (BigDecimal v : list.values()) {
                checked.add(checkNumber(v));
            }
            return new CustomMetricValue.NumberList(checked);
        }
        if (value instanceof CustomMetricValue.StringList list) {
            checkListSize("string_list", list.values());
            for (String s : list.values()) {
                if (!isStringListEntry(s)) {
                    throw new InvalidCustomMetricException("string " + shown(s) + " must be 1-" + MAX_STRING_LENGTH
                            + " characters of letters, digits, ':', '_', '-', '/' and '.'");
                }
            }
            return list;
        }
        if (value instanceof CustomMetricValue.IpList list) {
            checkListSize("ip_list", list.values());
            for (String s : list.values()) {
                if (!isIpAddress(s)) {
                    throw new InvalidCustomMetricException("address " + shown(s)
                            + " is not an IPv4 or IPv6 address literal");
                }
            }
            return list;
        }
        throw new InvalidCustomMetricException("no value");
    }

    public static boolean isStringListEntry(String s) {
        return s != null && STRING_ENTRY.matcher(s).matches();
    }

    public static boolean isIpAddress(String s) {
        return isIPv4(s) || isIPv6(s);
    }

    /** Four decimal parts 0-255 without leading zeros. */
    public static boolean isIPv4(String s) {
        if (s == null || s.length() < 7 || s.length() > 15) {
            return false;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 §2.2 text forms: eight groups, or fewer with one {@code ::}; the last 32 bits may be a dotted quad. */
    public static boolean isIPv6(String s) {
        if (s == null || s.length() < 2 || s.length() > 45
                || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return false;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int headGroups = groups(head, gap < 0);
        int tailGroups = groups(tail, true);
        if (headGroups < 0 || tailGroups < 0) {
            return false;
        }
        int total = headGroups + tailGroups;
        return gap >= 0 ? total <= 7 : total == 8;
    }

    /** Number of 16-bit groups in a colon-separated run, or -1 if malformed; a dotted quad may end the last run. */
    private static int groups(String run, boolean mayEndInIPv4) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean last = i == parts.length - 1;
            if (last && mayEndInIPv4 && p.indexOf('.') >= 0) {
                if (!isIPv4(p)) {
                    return -1;
                }
                count += 2;
            } else if (p.isEmpty() || p.length() > 4 || p.indexOf('.') >= 0) {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }

    private static void checkListSize(String key, List<?> values) throws InvalidCustomMetricException {
        if (values.size() > MAX_LIST_VALUES) {
            throw new InvalidCustomMetricException(key + " has " + values.size() + " values; at most "
                    + MAX_LIST_VALUES + " are accepted");
        }
    }

    static String shown(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + (s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "…") + "\"";
    }
}
