package org.tinyprune.link.bench;

import org.tinyprune.link.LinkException;

/**
 * The board restarted (its boot banner arrived) while a command was under way or between two
 * commands: what it held (the loaded input, the last run, the last window) is gone, so the unit of
 * work that depended on it must start again ({@link BenchmarkClient#restartable}). Kind {@link
 * LinkException.Kind#PROTOCOL}.
 */
public final class BoardRestartedException extends LinkException {
    private static final long serialVersionUID = 1L;

    BoardRestartedException(String message) {
        super(Kind.PROTOCOL, message);
    }
}
