package org.tinyprune.link.an3155;

import java.util.function.Consumer;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;
import org.tinyprune.link.SerialLink.Parity;

/**
 * Puts a board into its bootloader as its profile's {@code flashing.reset_entry} says:
 *
 * <ul>
 *   <li>{@code emulated}: the resident bootloader is already running; nothing to do.
 *   <li>{@code dtr-rts}: for adapters wired the usual way (RTS drives BOOT0, asserted DTR holds
 *       NRST low): raise BOOT0, pulse reset, release reset, keep BOOT0 until synchronised.
 *   <li>{@code manual}: tell the user to set BOOT0 and press reset; the flasher then keeps
 *       synchronising for a minute.
 * </ul>
 *
 * Real STM32 ROM bootloaders need 8E1 framing, which is set here as well.
 */
final class BootloaderEntry {
    private final SerialLink link;
    private final BoardProfile profile;
    private final Consumer<String> log;

    BootloaderEntry(SerialLink link, BoardProfile profile, Consumer<String> log) {
        this.link = link;
        this.profile = profile;
        this.log = log;
    }

    void enter() throws LinkException {
        String entry = profile.getFlashing().getResetEntry();
        if ("emulated".equals(entry)) {
            return;
        }
        int baud = profile.getFlashing().getBaud() == 0 ? 115200 : profile.getFlashing().getBaud();
        link.configure(baud, Parity.EVEN);
        if ("dtr-rts".equals(entry)) {
            link.setControlLines(true, true);
            pause(50);
            link.setControlLines(false, true);
            pause(100);
        } else {
            log.accept(
                    "Put "
                            + profile.getName()
                            + " into its ROM bootloader now: set BOOT0 high "
                            + "(jumper or button), press reset, keep "
                            + link.name()
                            + " connected. Waiting up to 60 s.");
        }
    }

    private static void pause(long millis) throws LinkException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(
                    LinkException.Kind.TIMEOUT, "interrupted while resetting the board", e);
        }
    }
}
