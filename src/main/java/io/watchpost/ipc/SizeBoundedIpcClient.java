package io.watchpost.ipc;

import io.watchpost.log.EventLog;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClient;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCServiceModel;
import software.amazon.awssdk.aws.greengrass.SubscribeToIoTCoreResponseHandler;
import software.amazon.awssdk.aws.greengrass.SubscribeToTopicResponseHandler;
import software.amazon.awssdk.aws.greengrass.model.IoTCoreMessage;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToIoTCoreRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToTopicRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscriptionResponseMessage;
import software.amazon.awssdk.eventstreamrpc.EventStreamRPCConnection;
import software.amazon.awssdk.eventstreamrpc.EventStreamRPCServiceModel;
import software.amazon.awssdk.eventstreamrpc.OperationModelContext;
import software.amazon.awssdk.eventstreamrpc.StreamResponseHandler;
import software.amazon.awssdk.eventstreamrpc.model.EventStreamJsonMessage;

/**
 * The SDK's IPC client, with a size check on every message that arrives on a subscription stream, made on the raw
 * event-stream frame before anything is decoded (see {@link MessageSizeLimits}). A frame larger than the bound is
 * dropped with one WARN {@code ipc_message_dropped} naming its size; the stream stays open and later messages arrive.
 *
 * <p>How: the SDK hands each frame's bytes to the operation's service model ({@code fromJson}) on the CRT thread. The
 * operations subscribed here use a model that answers an oversized streamed frame with {@code null} instead of decoding
 * it, and a stream handler that passes every other event on. Everything else is the SDK's own behaviour.
 */
final class SizeBoundedIpcClient extends GreengrassCoreIPCClient {
    private final Optional<EventLog> log;

    /** @param log where dropped messages are reported, if anywhere (they are dropped either way) */
    SizeBoundedIpcClient(EventStreamRPCConnection connection, Optional<EventLog> log) {
        super(connection);
        this.log = Objects.requireNonNull(log);
    }

    @Override
    public SubscribeToTopicResponseHandler subscribeToTopic(SubscribeToTopicRequest request,
            Optional<StreamResponseHandler<SubscriptionResponseMessage>> handler) {
        var operation = new Bounded<>(GreengrassCoreIPCServiceModel.getSubscribeToTopicModelContext(),
                MessageSizeLimits.frameBytes(MessageSizeLimits.LOCAL_MESSAGE_BYTES), request.getTopic(),
                MessageSizeLimits.LOCAL_MESSAGE_BYTES, log);
        return new SubscribeToTopicResponseHandler(doOperationInvoke(operation, request, handler.map(SkipDropped::new)));
    }

    @Override
    public SubscribeToIoTCoreResponseHandler subscribeToIoTCore(SubscribeToIoTCoreRequest request,
            Optional<StreamResponseHandler<IoTCoreMessage>> handler) {
        var operation = new Bounded<>(GreengrassCoreIPCServiceModel.getSubscribeToIoTCoreModelContext(),
                MessageSizeLimits.frameBytes(MessageSizeLimits.IOT_CORE_MESSAGE_BYTES), request.getTopicName(),
                MessageSizeLimits.IOT_CORE_MESSAGE_BYTES, log);
        return new SubscribeToIoTCoreResponseHandler(doOperationInvoke(operation, request,
                handler.map(SkipDropped::new)));
    }

    /** Passes every event on except the {@code null} that stands for a dropped frame. */
    private record SkipDropped<T>(StreamResponseHandler<T> inner) implements StreamResponseHandler<T> {
        @Override
        public void onStreamEvent(T event) {
            if (event != null) {
                inner.onStreamEvent(event);
            }
        }

        @Override
        public boolean onStreamError(Throwable error) {
            return inner.onStreamError(error);
        }

        @Override
        public void onStreamClosed() {
            inner.onStreamClosed();
        }
    }

    /** One operation of the SDK's model, whose streamed frames are size-checked before they are decoded. */
    private static final class Bounded<Q extends EventStreamJsonMessage, R extends EventStreamJsonMessage,
            SQ extends EventStreamJsonMessage, SR extends EventStreamJsonMessage>
            implements OperationModelContext<Q, R, SQ, SR> {
        private final OperationModelContext<Q, R, SQ, SR> sdk;
        private final FrameCheckingModel model;

        Bounded(OperationModelContext<Q, R, SQ, SR> sdk, int maxFrameBytes, String topic, int maxMessageBytes,
                Optional<EventLog> log) {
            this.sdk = sdk;
            this.model = new FrameCheckingModel(sdk.getServiceModel(), sdk.getStreamingResponseTypeClass().orElseThrow(),
                    maxFrameBytes, topic, maxMessageBytes, log);
        }

        @Override
        public EventStreamRPCServiceModel getServiceModel() {
            return model;
        }

        @Override
        public String getOperationName() {
            return sdk.getOperationName();
        }

        @Override
        public Class<Q> getRequestTypeClass() {
            return sdk.getRequestTypeClass();
        }

        @Override
        public String getRequestApplicationModelType() {
            return sdk.getRequestApplicationModelType();
        }

        @Override
        public Class<R> getResponseTypeClass() {
            return sdk.getResponseTypeClass();
        }

        @Override
        public String getResponseApplicationModelType() {
            return sdk.getResponseApplicationModelType();
        }

        @Override
        public Optional<Class<SQ>> getStreamingRequestTypeClass() {
            return sdk.getStreamingRequestTypeClass();
        }

        @Override
        public Optional<String> getStreamingRequestApplicationModelType() {
            return sdk.getStreamingRequestApplicationModelType();
        }

        @Override
        public Optional<Class<SR>> getStreamingResponseTypeClass() {
            return sdk.getStreamingResponseTypeClass();
        }

        @Override
        public Optional<String> getStreamingResponseApplicationModelType() {
            return sdk.getStreamingResponseApplicationModelType();
        }
    }

    /** The SDK's service model, except that an oversized streamed frame decodes to {@code null} (and is logged). */
    static final class FrameCheckingModel extends EventStreamRPCServiceModel {
        private final EventStreamRPCServiceModel sdk;
        private final Class<?> streamedType;
        private final int maxFrameBytes;
        private final String topic;
        private final int maxMessageBytes;
        private final Optional<EventLog> log;

        FrameCheckingModel(EventStreamRPCServiceModel sdk, Class<?> streamedType, int maxFrameBytes, String topic,
                           int maxMessageBytes, Optional<EventLog> log) {
            this.sdk = sdk;
            this.streamedType = streamedType;
            this.maxFrameBytes = maxFrameBytes;
            this.topic = String.valueOf(topic);
            this.maxMessageBytes = maxMessageBytes;
            this.log = log;
        }

        @Override
        public <T extends EventStreamJsonMessage> T fromJson(Class<T> type, byte[] payload) {
            if (type == streamedType && payload != null && payload.length > maxFrameBytes) {
                int bytes = payload.length;
                log.ifPresent(l -> l.warn("ipc_message_dropped", "topic", topic, "bytes", bytes, "reason",
                        "larger than a message of " + maxMessageBytes + " bytes can be"));
                return null;
            }
            return sdk.fromJson(type, payload);
        }

        @Override
        public EventStreamJsonMessage fromJson(String applicationModelType, byte[] payload) {
            return sdk.fromJson(applicationModelType, payload);
        }

        @Override
        public byte[] toJson(EventStreamJsonMessage message) {
            return sdk.toJson(message);
        }

        @Override
        public String toJsonString(EventStreamJsonMessage message) {
            return sdk.toJsonString(message);
        }

        @Override
        public String getServiceName() {
            return sdk.getServiceName();
        }

        @Override
        public Collection<String> getAllOperations() {
            return sdk.getAllOperations();
        }

        @Override
        protected Optional<Class<? extends EventStreamJsonMessage>> getServiceClassType(String applicationModelType) {
            return sdk.getApplicationModelClass(applicationModelType);
        }

        @Override
        public OperationModelContext getOperationModelContext(String operationName) {
            return sdk.getOperationModelContext(operationName);
        }
    }
}
