package io.watchpost.detect;

/**
 * {@code ViolationEvent.violationEventType}
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_ViolationEvent.html).
 */
public enum ViolationEventType {
    IN_ALARM("in-alarm"),
    ALARM_CLEARED("alarm-cleared"),
    ALARM_INVALIDATED("alarm-invalidated");

    private final String wireName;

    ViolationEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
