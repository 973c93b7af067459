package io.watchpost.localcore;

import java.util.Arrays;

/** One PublishToIoTCore request as the local core received it: the topic, the exact payload bytes and the QoS ("0"/"1"). */
public record IoTCorePublish(String topic, byte[] payload, String qos) {
    public IoTCorePublish {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IoTCorePublish p && p.topic.equals(topic) && Arrays.equals(p.payload, payload)
                && p.qos.equals(qos);
    }

    @Override
    public int hashCode() {
        return topic.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "IoTCorePublish[topic=" + topic + ", bytes=" + payload.length + ", qos=" + qos + "]";
    }
}
