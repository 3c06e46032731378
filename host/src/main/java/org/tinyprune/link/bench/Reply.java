package org.tinyprune.link.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * The lines a board sent for one command, without the final {@code m-ready}. Lines of the form
 * {@code m-KEY-[VALUE]} (possibly with several bracketed fields) are looked up by key.
 *
 * @param command the command as sent, without {@code %}
 * @param lines reply lines in order
 */
public record Reply(String command, List<String> lines) {
    /**
     * Returns the bracketed fields of the first line {@code m-KEY-[a]-[b]...}.
     *
     * @param key the key, e.g. {@code "tp-board"} or {@code "name-dut"}
     * @return the fields, or empty when no line has this key
     */
    public Optional<List<String>> fields(String key) {
        return all(key).stream().findFirst();
    }

    /**
     * Returns the bracketed fields of every line with this key, in order.
     *
     * @param key the key
     * @return one list of fields per line
     */
    public List<List<String>> all(String key) {
        String prefix = "m-" + key + "-[";
        List<List<String>> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(prefix) && l.endsWith("]")) {
                out.add(List.of(l.substring(prefix.length(), l.length() - 1).split("]-\\[", -1)));
            }
        }
        return out;
    }

    /**
     * Returns the single value of {@code m-KEY-[VALUE]}.
     *
     * @param key the key
     * @return the value text
     * @throws LinkException {@link Kind#PROTOCOL} when the board did not send it
     */
    public String value(String key) throws LinkException {
        return fields(key).map(f -> f.get(0)).orElseThrow(() -> missing("m-" + key + "-[...]"));
    }

    /**
     * Returns {@code m-KEY-[N]} as a number: the board prints counts as unsigned decimals, so
     * anything else (a sign, a space, more than 18 digits) is refused.
     *
     * @param key the key
     * @return the value, &ge; 0
     * @throws LinkException {@link Kind#PROTOCOL} when missing or not a number
     */
    public long number(String key) throws LinkException {
        String v = value(key);
        if (!v.matches("[0-9]{1,18}")) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    "reply to "
                            + command
                            + "% has m-"
                            + key
                            + "-["
                            + v
                            + "], not a number; is the firmware a tinyprune build?");
        }
        return Long.parseLong(v);
    }

    /**
     * Returns the values of lines starting with a prefix (e.g. {@code "m-lap-us-"}).
     *
     * @param prefix line prefix
     * @return the rest of each matching line
     */
    public List<String> after(String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                out.add(l.substring(prefix.length()));
            }
        }
        return out;
    }

    /**
     * Builds the error for an expected line that is missing.
     *
     * @param what the expected line
     * @return the exception to throw
     */
    public LinkException missing(String what) {
        return new LinkException(
                Kind.PROTOCOL,
                "reply to "
                        + command
                        + "% lacks "
                        + what
                        + "; got "
                        + lines
                        + "; is the firmware a tinyprune build of the same version?");
    }
}
