package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionAndHelpSucceed() {
        assertEquals(ExitCodes.OK, Main.execute("--version"));
        assertEquals(ExitCodes.OK, Main.execute("--help"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, Main.execute("no-such-command"));
        assertEquals(ExitCodes.USAGE, Main.execute("--no-such-option"));
    }
}
