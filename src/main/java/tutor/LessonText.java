package tutor;

import java.util.ArrayList;
import java.util.List;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A lesson's Markdown as the console shows it, read by commonmark-java (the same CommonMark and
 * GitHub tables the lesson's web page is rendered from): headings, emphasis, inline code,
 * lists, block quotes, links and tables, with prose reflowed to the terminal's width and code
 * blocks shown as code, highlighted (Java and Python), never reflowed: a code line too long for
 * the terminal goes on under a {@code ↪}. Without colour the markup is dropped, not printed:
 * emphasis is plain text, a heading a line of its own, a link its text and (for the web) its
 * address.
 */
final class LessonText {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    private static final AttributedStyle HEADING = AttributedStyle.BOLD;
    private static final AttributedStyle TOP_HEADING = AttributedStyle.BOLD.underline();
    private static final AttributedStyle STRONG = AttributedStyle.BOLD;
    private static final AttributedStyle FAINT = AttributedStyle.DEFAULT.faint();
    /** Where a code block's lines start: they stand out from the prose around them. */
    private static final String CODE_INDENT = "    ";

    private final int width;
    private final boolean colour;
    private final boolean unicode;

    /**
     * @param width   the terminal's columns: no line is longer (at least 20 are assumed)
     * @param colour  styles as ANSI sequences; without, plain text
     * @param unicode bullets and rules drawn with Unicode; without, ASCII
     */
    LessonText(int width, boolean colour, boolean unicode) {
        this.width = Math.max(20, width);
        this.colour = colour;
        this.unicode = unicode;
    }

    /** {@code markdown} as lines to print, each at most {@code width} columns. */
    List<String> render(String markdown) {
        return render(markdown, "");
    }

    /** {@link #render(String)} with each line after {@code indent}. */
    List<String> render(String markdown, String indent) {
        List<AttributedString> out = new ArrayList<>();
        blocks(PARSER.parse(markdown), indent, indent, out);
        while (!out.isEmpty() && out.get(out.size() - 1).length() == 0) {
            out.remove(out.size() - 1);
        }
        return out.stream().map(this::text).toList();
    }

    /** Code as a code block shows it (a step's Java, a console step's commands). */
    List<String> code(String code, String language) {
        List<AttributedString> out = new ArrayList<>();
        codeBlock(code, language, "", out);
        return out.stream().map(this::text).toList();
    }

    /** One line of Markdown (a lesson's title) with its markup applied or dropped, not wrapped. */
    String inline(String markdown) {
        Node doc = PARSER.parse(markdown);
        AttributedStringBuilder b = new AttributedStringBuilder();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            inlines(n, AttributedStyle.DEFAULT, b);
        }
        return text(b.toAttributedString());
    }

    private String text(AttributedString s) {
        return colour ? s.toAnsi() : s.toString();
    }

    // ---- blocks ------------------------------------------------------------------------

    /** The blocks under {@code parent}, separated by blank lines, each line prefixed (lists, quotes). */
    private void blocks(Node parent, String first, String rest, List<AttributedString> out) {
        boolean firstBlock = true;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof HtmlBlock html && folding(html.getLiteral())) {
                continue; // <details>, <summary>: the web page's folding
            }
            if (!firstBlock && !(parent instanceof ListItem && n.getPrevious() instanceof Paragraph && tight(parent))) {
                out.add(new AttributedString(rest.stripTrailing()));
            }
            block(n, firstBlock ? first : rest, rest, out);
            firstBlock = false;
        }
    }

    private static boolean tight(Node item) {
        Node list = item.getParent();
        return list instanceof BulletList b ? b.isTight() : list instanceof OrderedList o && o.isTight();
    }

    private void block(Node n, String first, String rest, List<AttributedString> out) {
        switch (n) {
            case Heading h -> {
                AttributedStringBuilder b = new AttributedStringBuilder();
                inlines(h, h.getLevel() <= 2 ? TOP_HEADING : HEADING, b);
                int before = out.size();
                wrap(b.toAttributedString(), first, rest, out);
                if (!colour && h.getLevel() <= 2) { // without bold, a rule under it says it is a heading
                    int longest = out.subList(before, out.size()).stream().mapToInt(l -> l.columnLength() - rest.length()).max().orElse(0);
                    out.add(new AttributedString(rest + (unicode ? "─" : "-").repeat(Math.max(1, longest))));
                }
            }
            case Paragraph p -> {
                AttributedStringBuilder b = new AttributedStringBuilder();
                inlines(p, AttributedStyle.DEFAULT, b);
                wrap(b.toAttributedString(), first, rest, out);
            }
            case FencedCodeBlock c -> codeBlock(stripFinalNewline(c.getLiteral()), c.getInfo(), first, out);
            case IndentedCodeBlock c -> codeBlock(stripFinalNewline(c.getLiteral()), "", first, out);
            case BulletList list -> {
                String bullet = unicode ? "• " : "* ";
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    if (item != list.getFirstChild() && !list.isTight()) {
                        out.add(new AttributedString(rest.stripTrailing()));
                    }
                    blocks(item, (item == list.getFirstChild() ? first : rest) + bullet, rest + "  ", out);
                }
            }
            case OrderedList list -> {
                int k = list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber();
                int last = k + count(list) - 1;
                int digits = String.valueOf(last).length();
                for (Node item = list.getFirstChild(); item != null; item = item.getNext(), k++) {
                    if (item != list.getFirstChild() && !list.isTight()) {
                        out.add(new AttributedString(rest.stripTrailing()));
                    }
                    String marker = String.format("%" + digits + "d. ", k);
                    blocks(item, (item == list.getFirstChild() ? first : rest) + marker, rest + " ".repeat(marker.length()), out);
                }
            }
            case BlockQuote q -> blocks(q, first + (unicode ? "│ " : "| "), rest + (unicode ? "│ " : "| "), out);
            case ThematicBreak t -> out.add(new AttributedString(first + (unicode ? "─" : "-").repeat(Math.min(40, width - first.length()))));
            case TableBlock t -> table(t, first, rest, out);
            case HtmlBlock html -> wrap(new AttributedString(stripTags(html.getLiteral()).strip()), first, rest, out);
            default -> blocks(n, first, rest, out);
        }
    }

    private static int count(Node list) {
        int n = 0;
        for (Node c = list.getFirstChild(); c != null; c = c.getNext()) {
            n++;
        }
        return n;
    }

    /** A code block: highlighted, not reflowed; a line too long goes on, under a ↪, on the next. */
    private void codeBlock(String code, String info, String first, List<AttributedString> out) {
        String language = info == null ? "" : info.strip().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
        AttributedString highlighted = switch (language) {
            case "java", "jshell", "exercise-java" -> JavaHighlighter.highlight(code);
            case "python", "py" -> PythonHighlighter.highlight(code);
            case "console" -> JavaHighlighter.highlight(code); // meta-commands stand out as in the editor
            default -> new AttributedString(code);
        };
        String indent = first.isBlank() ? first + CODE_INDENT : first;
        String more = " ".repeat(indent.length());
        String turn = unicode ? "↪ " : "> ";
        int room = Math.max(10, width - indent.length());
        for (AttributedString line : split(highlighted)) {
            if (line.columnLength() <= room) {
                out.add(concat(indent, line));
                continue;
            }
            out.add(concat(indent, line.columnSubSequence(0, room)));
            int at = room;
            int roomAfter = Math.max(10, room - turn.length());
            while (at < line.columnLength()) {
                int end = Math.min(line.columnLength(), at + roomAfter);
                AttributedStringBuilder b = new AttributedStringBuilder().append(more);
                b.styled(FAINT, turn).append(line.columnSubSequence(at, end));
                out.add(b.toAttributedString());
                at = end;
            }
        }
    }

    /** An AttributedString's lines, styles kept. */
    private static List<AttributedString> split(AttributedString s) {
        List<AttributedString> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                lines.add(s.subSequence(start, i));
                start = i + 1;
            }
        }
        lines.add(s.subSequence(start, s.length()));
        return lines;
    }

    /**
     * A table: in columns when it fits the width; otherwise each row as "heading: cell" lines,
     * which read well however narrow the terminal.
     */
    private void table(TableBlock t, String first, String rest, List<AttributedString> out) {
        List<List<AttributedString>> rows = new ArrayList<>();
        List<Boolean> header = new ArrayList<>();
        collectRows(t, rows, header);
        if (rows.isEmpty()) {
            return;
        }
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[cols];
        for (List<AttributedString> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).columnLength());
            }
        }
        String sep = unicode ? " │ " : " | ";
        int total = first.length() + java.util.Arrays.stream(widths).sum() + sep.length() * (cols - 1);
        if (total <= width) {
            for (int r = 0; r < rows.size(); r++) {
                AttributedStringBuilder b = new AttributedStringBuilder().append(r == 0 ? first : rest);
                List<AttributedString> row = rows.get(r);
                for (int c = 0; c < cols; c++) {
                    AttributedString cell = c < row.size() ? row.get(c) : new AttributedString("");
                    if (c > 0) {
                        b.append(sep);
                    }
                    b.append(header.get(r) ? new AttributedString(cell.toString(), STRONG) : cell);
                    if (c < cols - 1) {
                        b.append(" ".repeat(widths[c] - cell.columnLength()));
                    }
                }
                out.add(b.toAttributedString());
                if (header.get(r)) {
                    StringBuilder rule = new StringBuilder(rest);
                    for (int c = 0; c < cols; c++) {
                        rule.append((unicode ? "─" : "-").repeat(widths[c])).append(c < cols - 1 ? (unicode ? "─┼─" : "-+-") : "");
                    }
                    out.add(new AttributedString(rule.toString()));
                }
            }
            return;
        }
        List<AttributedString> headings = header.get(0) ? rows.get(0) : List.of();
        boolean firstRow = true;
        for (int r = header.get(0) ? 1 : 0; r < rows.size(); r++) {
            if (!firstRow) {
                out.add(new AttributedString(rest.stripTrailing()));
            }
            List<AttributedString> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                AttributedStringBuilder b = new AttributedStringBuilder();
                if (c < headings.size() && headings.get(c).length() > 0) {
                    b.styled(STRONG, headings.get(c).toString()).append(": ");
                }
                b.append(row.get(c));
                String start = c > 0 ? rest + "  " : firstRow ? first : rest;
                wrap(b.toAttributedString(), start, rest + "  ", out);
            }
            firstRow = false;
        }
    }

    private void collectRows(Node n, List<List<AttributedString>> rows, List<Boolean> header) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof TableRow row) {
                List<AttributedString> cells = new ArrayList<>();
                boolean head = false;
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    AttributedStringBuilder b = new AttributedStringBuilder();
                    inlines(cell, AttributedStyle.DEFAULT, b);
                    cells.add(b.toAttributedString());
                    head |= cell instanceof TableCell tc && tc.isHeader();
                }
                rows.add(cells);
                header.add(head);
            } else {
                collectRows(c, rows, header);
            }
        }
    }

    // ---- inlines -----------------------------------------------------------------------

    private void inlines(Node parent, AttributedStyle style, AttributedStringBuilder b) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            switch (n) {
                case Text t -> b.styled(style, t.getLiteral());
                case Code c -> b.styled(colour ? style.foreground(AttributedStyle.CYAN) : style, c.getLiteral());
                case Emphasis e -> inlines(e, style.italic(), b);
                case StrongEmphasis s -> inlines(s, style.bold(), b);
                case Link l -> {
                    inlines(l, style.underline(), b);
                    String url = l.getDestination();
                    if (url != null && url.matches("(?i)https?://.*") && !url.equals(textOf(l))) {
                        b.styled(style.faint(), " (" + url + ")");
                    }
                }
                case SoftLineBreak s -> b.append(' ');
                case HardLineBreak h -> b.append('\n');
                case HtmlInline h -> {
                    // <br>, <kbd>: the web page's; their text, if any, is in the Text nodes around.
                    // Java's generics look like tags to Markdown ("List<String> turns" in a hint):
                    // a tag that is not HTML's (an upper-case name, <>) is shown as written.
                    if (!HTML_TAG.matcher(h.getLiteral()).matches()) {
                        b.append(h.getLiteral());
                    }
                }
                default -> inlines(n, style, b);
            }
        }
    }

    /** An HTML tag: a lower-case element name (Java's type arguments start with a capital). */
    private static final java.util.regex.Pattern HTML_TAG = java.util.regex.Pattern.compile("</?[a-z][a-z0-9]*(\\s[^>]*)?/?>");

    private static String textOf(Node n) {
        StringBuilder sb = new StringBuilder();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Text t) {
                sb.append(t.getLiteral());
            } else if (c instanceof Code code) {
                sb.append(code.getLiteral());
            } else {
                sb.append(textOf(c));
            }
        }
        return sb.toString();
    }

    // ---- reflow ------------------------------------------------------------------------

    /**
     * Fills {@code text} into lines of at most {@code width} columns: the first after
     * {@code first}, the others after {@code rest}; breaks at spaces (a word longer than a line
     * is cut), and at the hard breaks the text has.
     */
    private void wrap(AttributedString text, String first, String rest, List<AttributedString> out) {
        String prefix = first;
        for (AttributedString para : split(text)) {
            int at = 0;
            int n = para.length();
            while (at < n && para.charAt(at) == ' ') {
                at++;
            }
            if (at >= n) {
                out.add(new AttributedString(prefix.stripTrailing()));
                prefix = rest;
                continue;
            }
            while (at < n) {
                int room = Math.max(8, width - prefix.length());
                int end = at;
                int lastSpace = -1;
                while (end < n && end - at < room) {
                    if (para.charAt(end) == ' ') {
                        lastSpace = end;
                    }
                    end++;
                }
                if (end < n && para.charAt(end) != ' ' && lastSpace > at) {
                    end = lastSpace; // the word that would not fit starts the next line
                }
                out.add(concat(prefix, trimEnd(para.subSequence(at, end))));
                at = end;
                while (at < n && para.charAt(at) == ' ') {
                    at++;
                }
                prefix = rest;
            }
        }
    }

    private static AttributedString trimEnd(AttributedString s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.subSequence(0, end);
    }

    private static AttributedString concat(String prefix, AttributedString s) {
        return new AttributedStringBuilder().append(prefix).append(s).toAttributedString();
    }

    private static String stripFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** True for HTML that only folds the page (details and summary tags), or has no text. */
    private static boolean folding(String html) {
        return html.matches("(?s)\\s*(</?(details|summary)[^>]*>[^<]*)+\\s*") || stripTags(html).isBlank();
    }

    /** HTML without its tags: what a reader of the page sees of it. */
    private static String stripTags(String html) {
        return html.replaceAll("<[^>]*>", "");
    }
}
