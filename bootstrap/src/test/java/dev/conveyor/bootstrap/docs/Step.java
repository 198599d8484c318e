package dev.conveyor.bootstrap.docs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One command of a walk-through, at {@code line} of its document, with the lines the document shows it printing
 * ({@code ...} standing for anything: ids, times, receipts). A step that shows nothing must print nothing.
 */
record Step(int line, String command, List<String> shown) {
    static final String ANYTHING = "...";

    Step {
        shown = List.copyOf(shown);
    }

    /** Whether {@code output} is what the document shows, trailing line breaks aside. */
    boolean printedAsShown(String output) {
        return shape().matcher(output.stripTrailing()).matches();
    }

    private Pattern shape() {
        String text = String.join("\n", shown);
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf(ANYTHING); at >= 0; at = text.indexOf(ANYTHING, from)) {
            regex.append(Pattern.quote(text.substring(from, at))).append(".*");
            from = at + ANYTHING.length();
        }
        regex.append(Pattern.quote(text.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
