package ai.fastmath.api.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** Relative weights of the request kinds, e.g. {@code solve=4,completion=2,chat=1,stream=1,grpc=1}. */
public record RequestMix(Map<RequestKind, Double> weights) {

    public RequestMix {
        weights = Map.copyOf(weights);
        if (weights.isEmpty() || weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("--mix: give at least one kind a positive weight");
        }
    }

    /** Parses {@code kind=weight,...}; a kind without a weight counts 1. */
    public static RequestMix parse(String spec) {
        Map<RequestKind, Double> w = new EnumMap<>(RequestKind.class);
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            double weight;
            try {
                weight = kv.length == 2 ? Double.parseDouble(kv[1].strip()) : 1.0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix: '" + part + "' is not kind=weight");
            }
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("--mix: weight of " + kv[0] + " must be >= 0");
            }
            if (weight > 0) {
                w.put(RequestKind.parse(kv[0]), weight);
            }
        }
        return new RequestMix(w);
    }

    /** A kind drawn by weight. */
    public RequestKind pick(Random random) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = random.nextDouble() * total;
        RequestKind last = null;
        for (RequestKind k : RequestKind.values()) {
            Double v = weights.get(k);
            if (v == null) {
                continue;
            }
            last = k;
            x -= v;
            if (x < 0) {
                return k;
            }
        }
        return last;
    }

    public boolean uses(RequestKind k) {
        return weights.containsKey(k);
    }

    public boolean usesGrpc() {
        return weights.keySet().stream().anyMatch(RequestKind::grpc);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (RequestKind k : RequestKind.values()) {
            if (weights.containsKey(k)) {
                b.append(b.length() == 0 ? "" : ",").append(k.wireName()).append('=').append(weights.get(k));
            }
        }
        return b.toString();
    }
}
