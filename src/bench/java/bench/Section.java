package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of the results: figures measured against the same peers, rendered as Markdown
 * (which reads well on a terminal too: the columns are padded). {@code peers} head the
 * columns; {@code shortPeers} (the same by default) name them in the target column.
 */
record Section(String title, List<String> peers, List<String> shortPeers, List<Figure> figures, List<String> notes) {

    Section(String title, List<String> peers, List<Figure> figures, List<String> notes) {
        this(title, peers, peers, figures, notes);
    }

    String markdown() {
        List<String> header = new ArrayList<>(List.of("workload", "figure", "aio"));
        for (String p : peers) {
            header.add(p);
            header.add("ratio");
        }
        header.addAll(List.of("target", "met"));
        List<List<String>> rows = new ArrayList<>();
        for (Figure f : figures) {
            List<String> row = new ArrayList<>(List.of(f.workload(), f.figure(), f.unit().format(f.aio())));
            for (int i = 0; i < peers.size(); i++) {
                row.add(f.unit().format(f.peers().get(i)));
                row.add(Figure.times(f.ratio(i)));
            }
            row.add(String.join("; ", f.targets().stream().map(t -> t.describe(f.unit()) + against(t)).toList()));
            Boolean met = f.met();
            List<String> missed = f.targets().size() < 2 ? List.of()
                    : f.targets().stream().filter(t -> Boolean.FALSE.equals(t.met(f))).map(t -> against(t).strip()).filter(n -> !n.isEmpty()).toList();
            row.add(met == null ? "" : met ? "yes" : missed.isEmpty() ? "**no**" : "**no** (" + String.join(", ", missed) + ")");
            rows.add(row);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n");
        sb.append(table(header, rows));
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    /** " seed" for a target against a peer when there are several, else "". */
    private String against(Figure.Target t) {
        return peers.size() > 1 && t.kind() != Figure.Target.Kind.AT_MOST ? " " + shortPeers.get(t.peer()) : "";
    }

    /** A Markdown table with every column padded to its widest cell; numbers right-aligned. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, header.get(c).length());
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        boolean[] right = new boolean[width.length];
        for (int c = 2; c < width.length - 2; c++) {
            right[c] = true; // the figures and ratios
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width, right);
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            sb.append(right[c] ? "-".repeat(width[c] + 1) + ":|" : ":" + "-".repeat(width[c] + 1) + "|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, width, right);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            sb.append(' ').append(right[c] ? pad + cell : cell + pad).append(" |");
        }
        sb.append('\n');
    }
}
