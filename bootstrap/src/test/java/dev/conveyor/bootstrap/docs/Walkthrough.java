package dev.conveyor.bootstrap.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell steps of a document's walk-through: every {@code ```bash} block between the markers {@code <!--
 * walk-through:start} and {@code <!-- walk-through:end -->}. A step is a command (with its {@code \}
 * continuation lines) and the {@code # } lines right under it, which show what it prints. A comment after a blank
 * line, or at the top of a block, is prose for the reader and no step's output.
 */
record Walkthrough(List<Step> steps) {
    static final String START = "<!-- walk-through:start";
    static final String END = "<!-- walk-through:end -->";

    Walkthrough {
        steps = List.copyOf(steps);
    }

    /** Reads the walk-through of {@code markdown}; refuses a document without exactly one marked section. */
    static Walkthrough in(String markdown) {
        List<String> lines = markdown.lines().toList();
        int start = onlyLineStartingWith(lines, START);
        int end = onlyLineStartingWith(lines, END);
        if (end < start) {
            throw new IllegalArgumentException("the walk-through's end marker comes before its start marker");
        }
        List<Step> steps = new ArrayList<>();
        StepReader reader = null;
        for (int i = start + 1; i < end; i++) {
            String line = lines.get(i);
            if (reader == null) {
                if (line.strip().equals("```bash")) {
                    reader = new StepReader(steps);
                }
            } else if (line.strip().equals("```")) {
                reader.finish();
                reader = null;
            } else {
                reader.read(line, i + 1);
            }
        }
        if (reader != null) {
            throw new IllegalArgumentException("a bash block of the walk-through is not closed before its end marker");
        }
        return new Walkthrough(steps);
    }

    private static int onlyLineStartingWith(List<String> lines, String prefix) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("two lines start with " + prefix);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("no line starts with " + prefix);
        }
        return found;
    }

    /** Splits one bash block into steps, line by line. */
    private static final class StepReader {
        private final List<Step> steps;
        private final StringBuilder command = new StringBuilder();
        private final List<String> shown = new ArrayList<>();
        private int commandLine;
        private boolean continues;

        StepReader(List<Step> steps) {
            this.steps = steps;
        }

        void read(String line, int number) {
            if (continues) {
                command.append('\n').append(line);
                continues = line.endsWith("\\");
            } else if (line.isBlank()) {
                finish();
            } else if (line.startsWith("#")) {
                if (command.length() > 0) {
                    shown.add(line.startsWith("# ") ? line.substring(2) : line.substring(1));
                }
            } else {
                finish();
                command.append(line);
                commandLine = number;
                continues = line.endsWith("\\");
            }
        }

        void finish() {
            if (command.length() > 0) {
                steps.add(new Step(commandLine, command.toString(), shown));
            }
            command.setLength(0);
            shown.clear();
            continues = false;
        }
    }
}
