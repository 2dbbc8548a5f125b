package ai.fastmath.model;

/**
 * A checkpoint directory that cannot be used: missing or corrupt files, tensors that disagree with
 * {@code config.json}, unsupported architectures or dtypes. The message names the file and the
 * tensor so that a user can fix the conversion that produced it.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
