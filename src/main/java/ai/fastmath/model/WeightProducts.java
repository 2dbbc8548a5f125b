package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The products {@code x W^T (+ b)} of a model's weight matrices with its activations. With weights
 * and activations in one dtype that is one {@link Linear#linear} call. With float16 matrices and
 * float32 activations (float16 weights on the CPU) the product is picked per call by the rows of
 * {@code x}: a decode step of a few rows is bound by the bytes of weights it streams, so it runs in
 * float16 (half the bytes: about twice as fast at one row); a large batch is bound by arithmetic,
 * which this CPU does natively only in float32, so it runs against a float32 copy of the matrix,
 * kept only where memory allows. Where the two meet is measured on the model's own matrix shapes
 * when it loads ({@link #calibrated}), not assumed.
 */
public final class WeightProducts {

    /** Rows the calibration tries: decode batches up to twice the engine's usual width. */
    static final int[] CALIBRATION_ROWS = {1, 2, 4, 8, 16, 32, 64};

    /**
     * A float16 matrix's float32 copy, and per calibrated size (and, last, for more rows than the
     * largest) whether its product runs in float16; the array is shared by the matrices of one shape.
     */
    private record Choice(NDArray copy, boolean[] halfAt) {}

    private final Map<NDArray, Choice> choices = new IdentityHashMap<>(); // by float16 matrix
    private final Map<String, boolean[]> byShape = new LinkedHashMap<>(); // the same choices, for reports
    private final String direct; // how products run when no copies are kept
    private final List<Pass> passes = new ArrayList<>();
    private volatile Boolean forced; // null: per batch as calibrated; else every product in float16 (true) or float32

    private WeightProducts(String direct) {
        this.direct = direct;
    }

    /**
     * One calibration pass: every product matrix of the model multiplied once by {@code rows} rows, in
     * float16 and against the float32 copies, in milliseconds.
     */
    public record Pass(int rows, double float16Millis, double float32Millis) {}

    /** Products in the matrices' own dtype: weights and activations agree. */
    static WeightProducts direct() {
        return new WeightProducts("direct products");
    }

    /** Float16 matrices, float32 activations, no room for float32 copies: every product in float16. */
    static WeightProducts halfOnly() {
        return new WeightProducts("every product in float16 (no room for float32 copies)");
    }

    /**
     * Keeps a float32 copy of every float16 matrix (on {@code manager}) and measures, per matrix
     * shape and calibrated size, whether the float16 product is faster than the float32 one.
     */
    static WeightProducts calibrated(List<NDArray> matrices, NDManager manager) {
        Map<NDArray, NDArray> copies = copies(matrices, manager);
        WeightProducts p = new WeightProducts(null);
        // timed on a computing thread (all cores, as the engine's loop runs them) that ends with the timing
        try (ComputeThread timing = new ComputeThread("fastmath-product-calibration")) {
            p.choose(copies, timing.call(() -> calibrate(matrices, copies, p.passes)));
        }
        return p;
    }

    /** The same copies, with the float16 product for at most {@code rows} rows of every shape (tests). */
    static WeightProducts fixed(List<NDArray> matrices, NDManager manager, int rows) {
        boolean[] at = new boolean[CALIBRATION_ROWS.length + 1];
        for (int i = 0; i < at.length; i++) {
            at[i] = i < CALIBRATION_ROWS.length ? CALIBRATION_ROWS[i] <= rows : rows == Integer.MAX_VALUE;
        }
        Map<String, boolean[]> byShape = new LinkedHashMap<>();
        matrices.forEach(m -> byShape.put(m.getShape().toString(), at));
        WeightProducts p = new WeightProducts(null);
        p.choose(copies(matrices, manager), byShape);
        return p;
    }

    /** A float32 copy of each matrix, on {@code manager}, in the matrices' order. */
    private static Map<NDArray, NDArray> copies(List<NDArray> matrices, NDManager manager) {
        Map<NDArray, NDArray> copies = new IdentityHashMap<>();
        for (NDArray m : matrices) {
            NDArray copy = m.toType(DataType.FLOAT32, true);
            copy.attach(manager);
            copies.put(m, copy);
        }
        return copies;
    }

    /** Gives each matrix its copy and its shape's choice: looked up per product by the matrix itself. */
    private void choose(Map<NDArray, NDArray> copies, Map<String, boolean[]> halfAtByShape) {
        byShape.putAll(halfAtByShape);
        copies.forEach((m, copy) -> choices.put(m, new Choice(copy, halfAtByShape.get(m.getShape().toString()))));
    }

    /** Bytes of the float32 copies (0 when none are kept). */
    public long copyBytes() {
        return choices.values().stream().mapToLong(c -> c.copy().size() * 4).sum();
    }

    /** The calibration's passes, by rows; empty when nothing was calibrated. */
    public List<Pass> passes() {
        return List.copyOf(passes);
    }

    /** Per matrix shape, the calibrated row counts run in float16; empty when the products are direct. */
    public Map<String, List<Integer>> halfRows() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        byShape.forEach((shape, at) -> {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < CALIBRATION_ROWS.length; i++) {
                if (at[i]) {
                    rows.add(CALIBRATION_ROWS[i]);
                }
            }
            out.put(shape, rows);
        });
        return out;
    }

    /**
     * Whether a product of {@code rows} rows with {@code w} runs in float16 against float32
     * activations: as measured at the smallest calibrated size of at least {@code rows} rows; in
     * float32 beyond the largest (prefill chunks are bound by arithmetic); always without a copy.
     */
    boolean half(NDArray w, long rows) {
        Choice c = choices.get(w);
        if (c == null) {
            return true;
        }
        Boolean f = forced;
        if (f != null) {
            return f;
        }
        boolean[] at = c.halfAt();
        for (int i = 0; i < CALIBRATION_ROWS.length; i++) {
            if (rows <= CALIBRATION_ROWS[i]) {
                return at[i];
            }
        }
        return at[CALIBRATION_ROWS.length];
    }

    /**
     * {@code x W^T + b}, in the dtype of {@code x}.
     *
     * @param x (rows, in)
     * @param w (out, in)
     * @param bias (out) or null
     */
    public NDArray linear(NDArray x, NDArray w, NDArray bias) {
        if (x.getDataType() == w.getDataType()) {
            return bias == null ? Linear.linear(x, w).singletonOrThrow() : Linear.linear(x, w, bias).singletonOrThrow();
        }
        long rows = x.getShape().get(0);
        if (!half(w, rows)) {
            NDArray copy = choices.get(w).copy();
            return bias == null ? Linear.linear(x, copy).singletonOrThrow() : Linear.linear(x, copy, bias).singletonOrThrow();
        }
        NDArray y = Linear.linear(x.toType(w.getDataType(), false), w).singletonOrThrow().toType(x.getDataType(), false);
        return bias == null ? y : y.add(bias);
    }

    /** Runs every product in float16 ({@code true}) or against the float32 copies ({@code false}); null: per batch again. */
    void force(Boolean half) {
        forced = half;
    }

    /** Bytes of weight matrices one step of {@code rows} rows streams: float16 where it runs in float16. */
    public long bytesPerStep(Qwen2Weights weights, long rows) {
        long total = 0;
        for (NDArray m : weights.productMatrices()) {
            total += m.size() * (half(m, rows) ? m.getDataType().getNumOfBytes() : 4);
        }
        return total;
    }

    /** One line for logs and reports. */
    public String describe() {
        if (choices.isEmpty()) {
            return direct;
        }
        List<String> parts = new ArrayList<>();
        halfRows().forEach((shape, rows) -> parts.add(shape + " float16 at " + (rows.isEmpty() ? "no" : rows) + " rows"));
        return String.format(Locale.ROOT, "float32 copies %.1f GB; %s", copyBytes() / 1e9, String.join(", ", parts));
    }

    /**
     * For each matrix shape and each of {@link #CALIBRATION_ROWS}, whether the float16 product beats
     * the float32 one (and, last, false: more rows run in float32). Each size times one pass over all
     * the model's matrices in their order, as a forward pass streams them (a large model does not fit
     * in the cache: timing one matrix again and again would measure the cache, not the memory), and
     * sums the times per shape.
     */
    private static Map<String, boolean[]> calibrate(List<NDArray> matrices, Map<NDArray, NDArray> copies, List<Pass> passes) {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        matrices.forEach(m -> out.put(m.getShape().toString(), new boolean[CALIBRATION_ROWS.length + 1]));
        NDManager root = matrices.get(0).getManager();
        for (int i = 0; i < CALIBRATION_ROWS.length; i++) {
            int rows = CALIBRATION_ROWS[i];
            Map<String, Long> half = new LinkedHashMap<>();
            Map<String, Long> full = new LinkedHashMap<>();
            try (NDManager scope = root.newSubManager()) {
                Map<Long, NDArray> inputs = new LinkedHashMap<>();
                for (boolean inHalf : new boolean[] {true, false}) {
                    for (NDArray m : matrices) {
                        NDArray x = inputs.computeIfAbsent(m.getShape().get(1), in -> scope.randomNormal(new Shape(rows, in)));
                        long t0 = System.nanoTime();
                        try (NDManager step = scope.newSubManager()) {
                            NDArray y = inHalf
                                    ? Linear.linear(x.toType(DataType.FLOAT16, false), m).singletonOrThrow().toType(DataType.FLOAT32, false)
                                    : Linear.linear(x, copies.get(m)).singletonOrThrow();
                            y.attach(step);
                            y.get(0, 0).getFloat(); // synchronise
                        }
                        (inHalf ? half : full).merge(m.getShape().toString(), System.nanoTime() - t0, Long::sum);
                    }
                }
            }
            for (String shape : half.keySet()) {
                out.get(shape)[i] = half.get(shape) < full.get(shape);
            }
            passes.add(new Pass(rows, half.values().stream().mapToLong(Long::longValue).sum() / 1e6,
                    full.values().stream().mapToLong(Long::longValue).sum() / 1e6));
        }
        return out;
    }
}
