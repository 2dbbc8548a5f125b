package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * The sampler on any settings a request can pass validation with (temperature from subnormal to
 * 1e308, any top_p, min_p, top_k) and logits of any finite size: always a token of the row, and a
 * log-probability that is a number.
 */
class TokenSamplerProperties {

    @Test
    void anyValidSettingsGiveATokenOfTheRow() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(20261128L, 3000, r -> {
            int vocab = 1 + r.nextInt(50);
            float scale = Fuzz.pick(r, 1f, 30f, 1e4f, 3e38f);
            float[] logits = new float[vocab + 2];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = r.nextInt(6) == 0 ? Fuzz.pick(r, 0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE) : (float) r.nextGaussian() * scale;
            }
            SamplingParams p = SamplingParams.builder()
                    .temperature(Fuzz.pick(r, 0.0, Double.MIN_VALUE, 1e-320, 1e-300, 1e-10, 0.5, 1.0, 7.0, 1e308))
                    .topP(Fuzz.pick(r, 1.0, 0.9, 0.5, Double.MIN_VALUE))
                    .minP(Fuzz.pick(r, 0.0, 0.05, 0.5, 1.0))
                    .topK(Fuzz.pick(r, 0, 1, 3, 1000))
                    .logprobs(r.nextBoolean())
                    .build();
            return new Object[] {p, logits, vocab, r.nextLong()};
        }, c -> {
            SamplingParams p = (SamplingParams) c[0];
            float[] logits = (float[]) c[1];
            int vocab = (int) c[2];
            TokenSampler.Sample s = new TokenSampler(p, (long) c[3]).sample(logits, 1, vocab);
            assertTrue(s.token() >= 0 && s.token() < vocab, "token " + s.token() + " of " + vocab + " at t=" + p.temperature());
            if (p.logprobs()) {
                assertTrue(s.logprob() <= 0 && !Double.isNaN(s.logprob()), "logprob " + s.logprob() + " at t=" + p.temperature());
                paths.hit("token and logprob");
            } else {
                paths.hit("token");
            }
        });
        paths.atLeast("token and logprob", 1000);
        paths.atLeast("token", 1000);
    }

    /** Found through the solve API: at temperature 1e-320, logits / t overflowed and no token survived (index -1). */
    @Test
    void aSubnormalTemperatureIsGreedy() {
        float[] logits = {0.5f, 2f, -1f, 1.5f};
        for (double t : new double[] {Double.MIN_VALUE, 1e-320}) {
            for (boolean logprobs : new boolean[] {false, true}) {
                SamplingParams p = SamplingParams.builder().temperature(t).minP(0.05).topP(0.9).logprobs(logprobs).build();
                assertEquals(1, new TokenSampler(p, 3).sample(logits, 0, logits.length).token());
            }
        }
        float[] negative = {-3f, -2f, -5f};
        assertEquals(1, new TokenSampler(SamplingParams.builder().temperature(1e-320).build(), 1).sample(negative, 0, 3).token());
    }
}
