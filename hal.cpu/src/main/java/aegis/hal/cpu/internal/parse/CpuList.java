package aegis.hal.cpu.internal.parse;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import aegis.hal.api.error.HalException;

/**
 * The kernel's CPU list format ({@code 0-3,8,10-11}), as in {@code online}, {@code cpulist},
 * {@code shared_cpu_list}: parsing, and formatting the way the kernel and lscpu print it.
 * Stateless, thread-safe.
 */
public final class CpuList {
    private CpuList() {
    }

    /**
     * Parses a CPU list. An empty text is the empty list.
     *
     * @param text   the list, for example {@code 0-3,8}
     * @param source the file it came from, for error messages
     * @return the CPU numbers, ascending, without duplicates
     * @throws HalException BAD_FORMAT naming the source and the offset of the first bad character,
     *                      also for a range that runs backwards or a CPU number above
     *                      {@link Formats#MAX_CPU}
     */
    public static List<Integer> parse(String text, String source) throws HalException {
        String s = text.strip();
        BitSet set = new BitSet();
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            int a = number(s, i, source);
            i = skipDigits(s, i);
            int b = a;
            if (i < n && s.charAt(i) == '-') {
                i++;
                b = number(s, i, source);
                i = skipDigits(s, i);
                if (b < a) {
                    throw Formats.bad(source, "CPU range runs backwards at offset " + start + ": '" + Formats.shorten(s) + "'");
                }
            }
            set.set(a, b + 1);
            if (i < n) {
                if (s.charAt(i) != ',' || i == n - 1) {
                    throw Formats.bad(source, "unexpected character at offset " + i + " of CPU list '" + Formats.shorten(s) + "'");
                }
                i++;
            }
        }
        List<Integer> out = new ArrayList<>(set.cardinality());
        set.stream().forEach(out::add);
        return out;
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int number(String s, int i, String source) throws HalException {
        int end = i;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        if (end == i || end - i > 6) {
            throw Formats.bad(source, "expected a CPU number at offset " + i + " of CPU list '" + Formats.shorten(s) + "'");
        }
        int v = Integer.parseInt(s, i, end, 10);
        if (v > Formats.MAX_CPU) {
            throw Formats.bad(source, "CPU number " + v + " at offset " + i + " exceeds " + Formats.MAX_CPU);
        }
        return v;
    }

    /**
     * Formats a list the way lscpu does: runs of three or more as {@code a-b}, pairs as {@code a,b}.
     *
     * @param cpus CPU numbers, ascending
     * @return the list text, for example {@code 0,1} or {@code 0-3}
     */
    public static String format(List<Integer> cpus) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < cpus.size()) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            if (j == i) {
                sb.append(cpus.get(i));
            } else if (j == i + 1) {
                sb.append(cpus.get(i)).append(',').append(cpus.get(j));
            } else {
                sb.append(cpus.get(i)).append('-').append(cpus.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
