package org.tinyprune.hil;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;

/**
 * A real link whose line is noisy, on a seeded schedule: in the board-to-host direction one byte
 * every {@code minGap..2*minGap} bytes is changed (a digit into another digit, anything else by one
 * flipped bit) or dropped; in the host-to-board direction one hex digit of every {@code dbEvery}-th
 * {@code db HEX} chunk is changed into another hex digit (a right command that loads a wrong byte).
 * With {@code minGap} longer than any reply, at most two tries of one command in a row can be hit,
 * so a client that retries three times must always get through.
 */
final class GarblingLink implements SerialLink {
    private final SerialLink real;
    private final SplittableRandom random;
    private final int minGap;
    private final int dbEvery;
    private long untilFault;
    private int dbChunks;
    private int readFaults;
    private int writeFaults;

    GarblingLink(SerialLink real, long seed, int minGap, int dbEvery) {
        this.real = real;
        this.random = new SplittableRandom(seed);
        this.minGap = minGap;
        this.dbEvery = dbEvery;
        this.untilFault = nextGap();
    }

    private long nextGap() {
        return minGap + random.nextInt(minGap + 1);
    }

    /** Returns the bytes from the board that were changed or dropped. */
    int readFaults() {
        return readFaults;
    }

    /** Returns the {@code db} chunks that reached the board changed. */
    int writeFaults() {
        return writeFaults;
    }

    @Override
    public String name() {
        return real.name() + " (garbled)";
    }

    @Override
    public void configure(int baud, Parity parity) throws LinkException {
        real.configure(baud, parity);
    }

    @Override
    public void write(byte[] data) throws LinkException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        if (text.startsWith("db ") && !text.startsWith("db load") && ++dbChunks % dbEvery == 0) {
            byte[] changed = data.clone();
            int at = 3 + random.nextInt(text.indexOf('%') - 3);
            int digit = Character.digit(changed[at], 16);
            changed[at] = (byte) Character.forDigit((digit + 1 + random.nextInt(15)) % 16, 16);
            writeFaults++;
            real.write(changed);
            return;
        }
        real.write(data);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis)
            throws LinkException {
        int n = real.read(buffer, offset, length, timeoutMillis);
        int out = offset;
        for (int i = offset; i < offset + n; i++) {
            byte b = buffer[i];
            if (--untilFault == 0) {
                untilFault = nextGap();
                readFaults++;
                if (random.nextBoolean()) {
                    continue; // dropped
                }
                b =
                        b >= '0' && b <= '9'
                                ? (byte) ('0' + (b - '0' + 1 + random.nextInt(9)) % 10)
                                : (byte) (b ^ (1 << random.nextInt(8)));
            }
            buffer[out++] = b;
        }
        return out - offset;
    }

    @Override
    public void discardInput() throws LinkException {
        real.discardInput();
    }

    @Override
    public void setControlLines(boolean dtr, boolean rts) throws LinkException {
        real.setControlLines(dtr, rts);
    }

    @Override
    public void close() {
        // the real link belongs to the session
    }
}
