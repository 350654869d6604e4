package aegis.hal.cpu.internal.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import aegis.hal.api.error.HalException;
import aegis.hal.cpu.CpuTimes;

/**
 * Parses the {@code cpu} lines of {@code /proc/stat}. Older kernels print fewer columns; missing
 * columns count as 0. Stateless, thread-safe.
 */
public final class ProcStatParser {
    private ProcStatParser() {
    }

    /**
     * @param text   the file's content
     * @param source the file, for error messages
     * @return the aggregate {@code cpu} line (cpu -1) first if present, then the {@code cpuN} lines
     *         in file order
     * @throws HalException BAD_FORMAT naming the line and byte offset of a {@code cpu} line with a
     *                      bad CPU number, fewer than four counters or a non-numeric counter
     */
    public static List<CpuTimes> parse(String text, String source) throws HalException {
        List<CpuTimes> out = new ArrayList<>();
        int offset = 0;
        int line = 0;
        while (offset < text.length()) {
            int nl = text.indexOf('\n', offset);
            int end = nl < 0 ? text.length() : nl;
            line++;
            String l = text.substring(offset, end);
            if (l.startsWith("cpu")) {
                out.add(parseLine(l, source, line, offset));
            }
            offset = end + 1;
        }
        return Collections.unmodifiableList(out);
    }

    private static CpuTimes parseLine(String l, String source, int line, int offset) throws HalException {
        String where = "line " + line + " (byte offset " + offset + ")";
        String[] f = l.strip().split("\\s+");
        int cpu;
        if (f[0].equals("cpu")) {
            cpu = -1;
        } else {
            cpu = Formats.parseInt(f[0].substring(3), source + " " + where);
            if (cpu > Formats.MAX_CPU) {
                throw Formats.bad(source, where + ": CPU number " + cpu + " too large");
            }
        }
        if (f.length < 5) {
            throw Formats.bad(source, where + ": expected at least 4 counters, got " + (f.length - 1));
        }
        long[] v = new long[8];
        for (int i = 0; i < 8 && i + 1 < f.length; i++) {
            v[i] = Formats.parseLong(f[i + 1], source + " " + where);
            if (v[i] < 0) {
                throw Formats.bad(source, where + ": negative counter " + v[i]);
            }
        }
        return new CpuTimes(cpu, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
