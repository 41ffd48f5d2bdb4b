package dev.autolog.cli;

import dev.autolog.logging.TerminalText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a subcommand prints: text that fits a terminal, or JSON with {@code --json}. Every line goes through
 * {@link TerminalText#safe}, so nothing read from a store reaches the terminal as a control sequence.
 */
final class Output {
    /** Widest a cell gets in a table before it is cut with an ellipsis. */
    private static final int MAX_CELL = 40;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;

    Output(PrintStream out, PrintStream err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    void json(Object value) {
        out.println(Json.write(value));
    }

    void line(String text) {
        out.println(TerminalText.safe(text));
    }

    /** A note on stderr, so that stdout stays parseable. */
    void note(String text) {
        error(err, text);
    }

    /** One line on stderr: "autolog: " and the text, escaped. */
    static void error(PrintStream err, String text) {
        err.println("autolog: " + TerminalText.safe(text));
    }

    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers.stream().map(TerminalText::safe).toList());
        for (List<String> row : rows) {
            List<String> cut = new ArrayList<>();
            row.forEach(cell -> cut.add(cut(cell)));
            all.add(cut);
        }
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], TerminalColumns.of(row.get(c)));
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(c == 0 ? "" : "  ").append(cell);
                if (c < row.size() - 1) {
                    line.append(" ".repeat(widths[c] - TerminalColumns.of(cell)));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * CSV as RFC 4180 has it: CRLF after each record, a field quoted (its quotes doubled) when it holds a comma or
     * a quote. Every field is made terminal-safe first, so no field holds a line break.
     */
    void csv(List<String> headers, List<List<String>> rows) {
        StringBuilder text = new StringBuilder();
        csvRecord(text, headers);
        rows.forEach(row -> csvRecord(text, row));
        out.print(text);
        out.flush();
    }

    private static void csvRecord(StringBuilder text, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            String field = TerminalText.safe(fields.get(i));
            boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0;
            text.append(i == 0 ? "" : ",").append(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
        }
        text.append("\r\n");
    }

    private static String cut(String cell) {
        String oneLine = TerminalText.safe(cell);
        return oneLine.length() <= MAX_CELL ? oneLine : oneLine.substring(0, MAX_CELL - 1) + "…";
    }
}
