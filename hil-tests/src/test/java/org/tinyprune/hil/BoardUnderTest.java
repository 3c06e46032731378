package org.tinyprune.hil;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.link.qemu.QemuLauncher;
import org.tinyprune.link.session.BoardSession;

/**
 * The board every hardware-in-the-loop test runs on: {@code -Dtinyprune.board=NAME} (default {@code
 * qemu-m4}) and, for a real board, {@code -Dtinyprune.port=/dev/ttyACM0}. One session is opened for
 * the whole test run (one QEMU process) and closed when JUnit's root context closes; each test
 * class flashes its own firmware in {@code @BeforeAll}.
 */
final class BoardUnderTest {
    /** System property naming the board. */
    static final String BOARD_PROPERTY = "tinyprune.board";

    /** System property naming the serial device of a real board. */
    static final String PORT_PROPERTY = "tinyprune.port";

    private static BoardSession session;

    private BoardUnderTest() {}

    /** Returns the repository root. */
    static Path root() throws Exception {
        return RepositoryRoot.locate();
    }

    /** Returns the board's validated profile. */
    static BoardProfile profile() throws Exception {
        return new BoardRegistry(root().resolve("boards"))
                .load(System.getProperty(BOARD_PROPERTY, "qemu-m4"));
    }

    /** Returns the port named by {@value #PORT_PROPERTY}, or null for the emulated board. */
    static String port() {
        String p = System.getProperty(PORT_PROPERTY, "");
        return p.isEmpty() ? null : p;
    }

    /**
     * Returns the shared session, opening it on first use. Skips the calling test class when the
     * tools the board needs (cross compiler, and QEMU for an emulated board) are missing.
     *
     * @param context any extension context of the caller (its root store closes the session)
     * @return the open session
     */
    static synchronized BoardSession session(ExtensionContext context) throws Exception {
        if (session == null) {
            BoardProfile profile = profile();
            Assumptions.assumeTrue(
                    FirmwareBuild.onPath(FirmwareBuild.COMPILER),
                    FirmwareBuild.COMPILER
                            + " is not installed ("
                            + FirmwareBuild.COMPILER_PACKAGES
                            + "); hardware-in-the-loop tests skipped");
            if (port() == null) {
                Assumptions.assumeTrue(
                        QemuLauncher.available(),
                        QemuLauncher.QEMU
                                + " is not installed (qemu-system-arm); emulated-board tests skipped");
            }
            session = BoardSession.open(profile, port(), root());
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(BoardUnderTest.class.getName(), (AutoCloseable) BoardUnderTest::close);
        }
        return session;
    }

    /**
     * Returns the session opened by {@link BoardExtension}.
     *
     * @return the open session
     * @throws IllegalStateException when the test class lacks
     *     {@code @ExtendWith(BoardExtension.class)}
     */
    static synchronized BoardSession current() {
        if (session == null) {
            throw new IllegalStateException(
                    "annotate the test class with @ExtendWith(BoardExtension.class)");
        }
        return session;
    }

    /**
     * Builds firmware for the board under test.
     *
     * @param modelDir generated model folder, or null for the firmware's fixture model
     * @param out output folder
     * @return the firmware
     */
    static Firmware firmware(Path modelDir, Path out) throws Exception {
        return new FirmwareBuild(root()).build(profile(), modelDir, out);
    }

    private static synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
