package bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a child process reports: one line {@code RESULT key=value key=value ...}, numbers only.
 */
record ResultLine(Map<String, Double> values) {
    static final String PREFIX = "RESULT ";

    /** Every RESULT line in {@code output}, in order. */
    static List<ResultLine> parseAll(String output) {
        List<ResultLine> lines = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.startsWith(PREFIX)) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (String pair : line.substring(PREFIX.length()).trim().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String v = pair.substring(eq + 1);
                        values.put(pair.substring(0, eq), v.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(v));
                    }
                }
                lines.add(new ResultLine(values));
            }
        }
        return lines;
    }

    /** The value of {@code key}; IllegalArgumentException when the line has none. */
    double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key + " in " + this);
        }
        return v;
    }
}
