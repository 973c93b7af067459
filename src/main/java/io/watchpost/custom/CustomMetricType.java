package io.watchpost.custom;

/** The four custom metric types, by the names the control plane ({@code CreateCustomMetric}) uses. */
public enum CustomMetricType {
    NUMBER("number"),
    NUMBER_LIST("number-list"),
    STRING_LIST("string-list"),
    IP_ADDRESS_LIST("ip-address-list");

    private final String apiName;

    CustomMetricType(String apiName) {
        this.apiName = apiName;
    }

    /** The value of {@code --metric-type} in {@code aws iot create-custom-metric}. */
    public String apiName() {
        return apiName;
    }
}
