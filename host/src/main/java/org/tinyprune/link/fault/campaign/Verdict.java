package org.tinyprune.link.fault.campaign;

import org.tinyprune.link.LinkException;

/**
 * The outcome of one run and what it is based on.
 *
 * @param outcome the class
 * @param detail one line: the error message, or what differs from the reference, or the retries
 */
public record Verdict(Outcome outcome, String detail) {
    /**
     * Returns the verdict of a job that failed: a clear error when the message names the link.
     *
     * @param e the failure
     * @param linkName the link's name, e.g. {@code /dev/pts/3}
     * @return the verdict
     */
    public static Verdict failed(LinkException e, String linkName) {
        String msg = String.valueOf(e.getMessage());
        return new Verdict(
                msg.contains(linkName) ? Outcome.CLEAR_ERROR : Outcome.UNCLEAR_ERROR,
                e.kind() + ": " + msg);
    }
}
