package org.tinyprune.calibrate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line on which each value of a JSON text starts, by path ({@code nets[3].layers[5].cycles}),
 * so that a message about a bad value can say {@code file:line}. The text is assumed to parse (it
 * is scanned after a JSON parser accepted it); only the structure is followed.
 */
final class JsonLines {
    private final Map<String, Integer> lines = new HashMap<>();

    private JsonLines() {}

    /** A container being scanned: its path, and the key or index of the value inside it. */
    private static final class Frame {
        final String path;
        final boolean object;
        String key;
        int index = -1;

        Frame(String path, boolean object) {
            this.path = path;
            this.object = object;
        }

        String child() {
            if (object) {
                return path.isEmpty() ? key : path + "." + key;
            }
            index++;
            return path + "[" + index + "]";
        }
    }

    /** Scans {@code text}. */
    static JsonLines of(String text) {
        JsonLines out = new JsonLines();
        Deque<Frame> stack = new ArrayDeque<>();
        boolean expectKey = false;
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == ',') {
                expectKey = !stack.isEmpty() && stack.peek().object;
                i++;
            } else if (c == ':' || Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = i + 1;
                StringBuilder s = new StringBuilder();
                while (end < text.length() && text.charAt(end) != '"') {
                    if (text.charAt(end) == '\\') {
                        end++;
                    }
                    s.append(text.charAt(Math.min(end, text.length() - 1)));
                    end++;
                }
                if (expectKey) {
                    stack.peek().key = s.toString();
                    expectKey = false;
                } else {
                    out.value(stack, line);
                }
                i = end + 1;
            } else if (c == '{' || c == '[') {
                String path = out.value(stack, line);
                stack.push(new Frame(path, c == '{'));
                expectKey = c == '{';
                i++;
            } else if (c == '}' || c == ']') {
                stack.pop();
                expectKey = false;
                i++;
            } else {
                out.value(stack, line);
                while (i < text.length() && ",}] \t\r\n".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
            }
        }
        return out;
    }

    private String value(Deque<Frame> stack, int line) {
        String path = stack.isEmpty() ? "" : stack.peek().child();
        lines.put(path, line);
        return path;
    }

    /** The line on which the value at {@code path} starts, or 0 when the text has no such value. */
    int line(String path) {
        return lines.getOrDefault(path, 0);
    }
}
