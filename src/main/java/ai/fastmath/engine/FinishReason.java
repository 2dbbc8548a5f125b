package ai.fastmath.engine;

import java.util.Locale;

/** Why a sequence ended, with the names the OpenAI and vLLM APIs use. */
public enum FinishReason {
    /** eos, a stop token id or a stop string. */
    STOP,
    /** max_tokens or the model's context length. */
    LENGTH,
    /** cancelled by the caller, or the consumer went away. */
    ABORT,
    /** pruned: its group confidence fell below the request's threshold ({@link RequestHandle#pruneBelow}). */
    LOW_CONFIDENCE;

    /** The lower-case API name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
