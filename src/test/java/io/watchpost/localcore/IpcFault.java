package io.watchpost.localcore;

import software.amazon.awssdk.aws.greengrass.model.GreengrassCoreIPCError;
import software.amazon.awssdk.aws.greengrass.model.InvalidArgumentsError;
import software.amazon.awssdk.aws.greengrass.model.ServiceError;
import software.amazon.awssdk.aws.greengrass.model.UnauthorizedError;

/** A modelled IPC error the local core can be told to answer with. */
public enum IpcFault {
    SERVICE_ERROR,
    UNAUTHORIZED,
    INVALID_ARGUMENTS;

    GreengrassCoreIPCError toError(String message) {
        return switch (this) {
            case SERVICE_ERROR -> new ServiceError(message);
            case UNAUTHORIZED -> new UnauthorizedError(message);
            case INVALID_ARGUMENTS -> new InvalidArgumentsError(message);
        };
    }
}
