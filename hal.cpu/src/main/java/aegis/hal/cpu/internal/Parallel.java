package aegis.hal.cpu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import aegis.hal.api.error.HalException;

/** Maps a list in contiguous chunks, one per task, the caller running the first. Stateless. */
final class Parallel {
    /** A step that reads with its own attribute reader. */
    interface Step<T, R> {
        R apply(AttributeReader reader, T item) throws HalException;
    }

    private Parallel() {
    }

    /**
     * @param items    the inputs
     * @param tasks    how many tasks to use (1: all on the calling thread)
     * @param executor runs the other tasks; may be null when tasks is 1
     * @param sys      the reader; each task gets its own view of it
     * @param step     the step
     * @param <T>      input type
     * @param <R>      result type
     * @return the results, in input order
     * @throws HalException the first failure, in input order
     */
    static <T, R> List<R> map(List<T> items, int tasks, Executor executor, AttributeReader sys, Step<T, R> step)
            throws HalException {
        int n = items.size();
        int k = executor == null ? 1 : Math.max(1, Math.min(tasks, n / 2)); // a task gets at least two items
        Object[] out = new Object[n];
        if (k == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = step.apply(sys, items.get(i));
            }
            return asList(out);
        }
        List<CompletableFuture<Void>> others = new ArrayList<>(k - 1);
        for (int t = 1; t < k; t++) {
            int from = t * n / k;
            int to = (t + 1) * n / k;
            AttributeReader view = sys.view();
            try {
                others.add(CompletableFuture.runAsync(() -> run(items, from, to, out, view, step), executor));
            } catch (RejectedExecutionException e) {
                run(items, from, to, out, view, step); // executor shut down: do it here
            }
        }
        HalException first = null;
        try {
            chunk(items, 0, n / k, out, sys, step);
        } catch (HalException e) {
            first = e;
        }
        for (CompletableFuture<Void> f : others) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (first == null) {
                    if (e.getCause() instanceof HalException h) {
                        first = h;
                    } else if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    } else {
                        throw e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return asList(out);
    }

    private static <T, R> void run(List<T> items, int from, int to, Object[] out, AttributeReader r, Step<T, R> step) {
        try {
            chunk(items, from, to, out, r, step);
        } catch (HalException e) {
            throw new CompletionException(e);
        }
    }

    private static <T, R> void chunk(List<T> items, int from, int to, Object[] out, AttributeReader r, Step<T, R> step)
            throws HalException {
        for (int i = from; i < to; i++) {
            out[i] = step.apply(r, items.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> asList(Object[] out) {
        return (List<R>) Arrays.asList(out);
    }
}
