package ai.fastmath.solve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.form.tex.TeXParser;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Whether two answers are the same mathematical object, decided by a computer algebra system (Symja):
 * both are parsed (LaTeX by its {@code TeXParser}, plain {@code pi/2} or {@code sqrt(8)} by its relaxed
 * input parser) and
 * equal when {@code PossibleZeroQ(a - b)} holds, which simplifies and, where it cannot decide, evaluates
 * numerically ({@code \sqrt{8}} = {@code 2\sqrt{2}}, {@code \frac{\pi}{2}} = {@code \pi/2},
 * {@code (6+2)} = {@code 8}; {@code 0.33} is not {@code 1/3}).
 *
 * <p>Every comparison runs on this class's own threads under a time limit: the caller waits at most the
 * limit, a comparison that overruns is asked to stop and counts as a timeout ("not equal"), and a full
 * queue is a timeout too, so a slow or stuck CAS never holds the caller's threads. Symja starts once, on
 * first use (about a second), outside the limit.
 */
public final class SymbolicEquality {

    /** What a comparison found. */
    public enum Outcome {
        EQUAL,
        NOT_EQUAL,
        /** One side is not a mathematical expression the CAS reads (prose, a broken formula). */
        UNPARSABLE,
        /** The CAS did not finish within the limit (or its queue was full): not equal. */
        TIMEOUT
    }

    /** The default limit of one comparison. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(2);
    /** Longer inputs are not given to the CAS: no answer is this long. */
    public static final int MAX_LENGTH = 1_000;
    /** A word of three letters or more that is not a LaTeX command or a function name: prose, not maths. */
    private static final Pattern PROSE = Pattern.compile(
            "(?<![\\\\A-Za-z])(?!(?:sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt|pi|arcsin|arccos|arctan|sinh|cosh|tanh|max|min|gcd|lcm|mod)"
                    + "(?![A-Za-z]))[A-Za-z]{3,}");

    private static final Pattern PLAIN_FUNCTION = Pattern.compile("(?<![A-Za-z])(?:sqrt|pi|sin|cos|tan|log|ln|exp)(?![A-Za-z])");
    private static final Pattern BINOM = Pattern.compile("\\\\[dt]?binom\\s*\\{([^{}]*)\\}\\s*\\{([^{}]*)\\}");
    private static final Pattern EULER = Pattern.compile("(?<![A-Za-z])e(?![A-Za-z])");
    /** Characters a formula may hold beyond printable ASCII (Unicode maths that answers use). */
    private static final String MATH_CHARS = "\u03c0\u221a\u00d7\u00f7\u2212\u2264\u2265\u2260\u221e\u00b0\u00b7\u03b1\u03b2\u03b3\u03b8";
    private static final SymbolicEquality SHARED = new SymbolicEquality(DEFAULT_LIMIT, 2);

    private final Duration limit;
    private final ThreadPoolExecutor threads;
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong comparisons = new AtomicLong();

    /**
     * @param limit the longest a caller waits for one comparison
     * @param threads the CAS threads (each with its own Symja engine)
     */
    public SymbolicEquality(Duration limit, int threads) {
        this.limit = limit;
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "fastmath-cas-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The one instance the project's answer checker uses: a 2 s limit, two CAS threads. */
    public static SymbolicEquality shared() {
        return SHARED;
    }

    /** Comparisons that ran out of time (or found the queue full) since this instance was made. */
    public long timeouts() {
        return timeouts.get();
    }

    /** Comparisons given to the CAS since this instance was made. */
    public long comparisons() {
        return comparisons.get();
    }

    /**
     * Whether a text looks like a formula at all, before any parsing: not too long, no prose words, no
     * characters outside printable ASCII and a few maths signs.
     */
    static boolean formulaLike(String s) {
        if (s.isBlank() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\n' && c != '\t') || (c > '~' && MATH_CHARS.indexOf(c) < 0)) {
                return false; // controls, other scripts, broken text: no formula the CAS should see
            }
        }
        return !PROSE.matcher(s).find();
    }

    /** Compares two answers (LaTeX or plain), waiting at most the limit. */
    public Outcome compare(String a, String b) {
        if (!formulaLike(a) || !formulaLike(b)) {
            return Outcome.UNPARSABLE;
        }
        try {
            Engines.ready();
        } catch (RuntimeException e) {
            return Outcome.UNPARSABLE; // the CAS could not start: nothing is decided symbolically
        }
        comparisons.incrementAndGet();
        CasTask task = new CasTask(a, b);
        Future<Outcome> f;
        try {
            f = threads.submit(task);
        } catch (RejectedExecutionException full) {
            timeouts.incrementAndGet();
            return Outcome.TIMEOUT;
        }
        try {
            return f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.stop();
            f.cancel(true);
            timeouts.incrementAndGet();
            return Outcome.TIMEOUT;
        } catch (ExecutionException e) {
            return Outcome.UNPARSABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return Outcome.TIMEOUT;
        }
    }

    /** One comparison on a CAS thread, with that thread's engine. */
    private static final class CasTask implements java.util.concurrent.Callable<Outcome> {
        private final String a;
        private final String b;
        private volatile EvalEngine engine;

        CasTask(String a, String b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public Outcome call() {
            Engines e = Engines.LOCAL.get();
            engine = e.engine;
            if (Thread.currentThread().isInterrupted()) {
                return Outcome.TIMEOUT;
            }
            e.engine.setStopRequested(false);
            EvalEngine.set(e.engine);
            IExpr x;
            IExpr y;
            try {
                x = e.parse(a);
                y = e.parse(b);
            } catch (RuntimeException | StackOverflowError parse) {
                return Outcome.UNPARSABLE;
            }
            if (x == null || y == null || x.isAST(F.$Aborted) || y.isAST(F.$Aborted) || x == F.$Aborted || y == F.$Aborted) {
                return Outcome.UNPARSABLE;
            }
            try {
                IExpr zero = e.evaluator.eval(F.PossibleZeroQ(F.Subtract(x, y)));
                return zero.isTrue() ? Outcome.EQUAL : Outcome.NOT_EQUAL;
            } catch (RuntimeException | StackOverflowError eval) {
                return e.engine.isStopRequested() ? Outcome.TIMEOUT : Outcome.NOT_EQUAL;
            }
        }

        void stop() {
            EvalEngine running = engine;
            if (running != null) {
                running.stopRequest();
            }
        }
    }

    /** A CAS thread's engine, evaluator and LaTeX parser; Symja itself starts once, on first use. */
    private static final class Engines {
        private static final CompletableFuture<Void> STARTED = new CompletableFuture<>();
        static final ThreadLocal<Engines> LOCAL = ThreadLocal.withInitial(Engines::new);

        final EvalEngine engine = new EvalEngine(true);
        final ExprEvaluator evaluator = new ExprEvaluator(engine, true, (short) 20);
        final TeXParser tex = new TeXParser();

        static void ready() {
            synchronized (STARTED) {
                if (!STARTED.isDone()) {
                    try {
                        Config.FILESYSTEM_ENABLED = false; // answers never read or write files
                        F.initSymbols();
                        STARTED.complete(null);
                    } catch (RuntimeException | LinkageError e) {
                        STARTED.completeExceptionally(e);
                    }
                }
            }
            try {
                STARTED.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("the CAS (Symja) did not start: " + e.getCause(), e.getCause());
            }
        }

        /**
         * LaTeX by the TeX parser (which also reads plain {@code 2ab + b^2} as products of letters); plain
         * text that calls a function or names a constant ({@code pi/2}, {@code sqrt(8)}) by Symja's relaxed
         * input parser, {@code e} read as Euler's number as in LaTeX.
         */
        IExpr parse(String text) {
            String s = BINOM.matcher(text).replaceAll("\\\\frac{($1)!}{($2)!(($1)-($2))!}"); // Symja's TeX parser reads no binomials
            if (s.indexOf('\\') < 0 && s.indexOf('{') < 0 && PLAIN_FUNCTION.matcher(s).find()) {
                try {
                    return evaluator.parse(EULER.matcher(s).replaceAll("E"));
                } catch (RuntimeException plain) {
                    // not Symja's input syntax: try it as LaTeX
                }
            }
            return tex.parse(s);
        }
    }
}
