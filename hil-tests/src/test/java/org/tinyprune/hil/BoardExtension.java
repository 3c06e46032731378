package org.tinyprune.hil;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens the shared session of the board under test before a test class's {@code @BeforeAll} methods
 * run (skipping the class when the board's tools are missing); the class then reaches it with
 * {@link BoardUnderTest#current()}. The session outlives the class and is closed with JUnit's root
 * context, so one QEMU process serves the whole run.
 */
public final class BoardExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        BoardUnderTest.session(context);
    }
}
