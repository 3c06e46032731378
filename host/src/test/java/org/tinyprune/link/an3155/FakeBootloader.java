package org.tinyprune.link.an3155;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;

/**
 * A scripted AN3155 device behind a {@link SerialLink}, for tests: a thread runs the bootloader's
 * command loop over in-memory flash, and faults can be injected (NACKs, silence, garbage, a reset,
 * a corrupted byte, a vanishing port). Reads hand out at most {@link #maxChunk} bytes at a time so
 * that answers arrive in pieces.
 */
final class FakeBootloader implements SerialLink {
    final long base;
    final byte[] flash;
    final int productId;
    final List<Integer> commands;
    final List<String> log = new ArrayList<>();
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int maxChunk = 3;
    volatile int nackWrites;
    volatile int silentCommands;
    volatile int garbageBeforeAck;
    volatile int resetAtWrite = -1;
    volatile int corruptAtWrite = -1;

    /**
     * Offset of a flash byte stuck at 0x00 whatever is written (worn or protected flash), or -1.
     */
    volatile int stuckOffset = -1;

    volatile int vanishAfterWrites = -1;
    volatile long goAddress = -1;

    /** Whether Go jumps to an application that prints a banner and ignores AN3155 from then on. */
    volatile boolean startsApplication;

    volatile boolean applicationRunning;
    volatile int writes;
    private final LinkedBlockingDeque<Integer> in = new LinkedBlockingDeque<>();
    private final LinkedBlockingDeque<Integer> out = new LinkedBlockingDeque<>();
    private volatile boolean gone;
    private final Thread device;

    FakeBootloader(long base, int size, int productId, List<Integer> commands) {
        this.base = base;
        this.flash = new byte[size];
        this.productId = productId;
        this.commands = commands;
        this.device = new Thread(this::run, "fake-bootloader");
        device.setDaemon(true);
        device.start();
    }

    // ---- SerialLink (host side) ----
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public void configure(int baud, Parity parity) {
        log.add("configure " + baud + " " + parity);
    }

    @Override
    public synchronized void write(byte[] data) throws LinkException {
        if (gone) {
            throw new LinkException(LinkException.Kind.GONE, "fake port went away");
        }
        sent.writeBytes(data);
        for (byte b : data) {
            in.add(b & 0xFF);
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, long timeoutMillis) throws LinkException {
        try {
            Integer first = out.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (first == null) {
                if (gone) {
                    throw new LinkException(LinkException.Kind.GONE, "fake port went away");
                }
                return 0;
            }
            buf[off] = (byte) (int) first;
            int n = 1;
            Integer next;
            while (n < Math.min(len, maxChunk) && (next = out.poll()) != null) {
                buf[off + n++] = (byte) (int) next;
            }
            return n;
        } catch (InterruptedException e) {
            throw new LinkException(LinkException.Kind.TIMEOUT, "interrupted");
        }
    }

    @Override
    public void discardInput() {
        out.clear();
    }

    @Override
    public void setControlLines(boolean dtr, boolean rts) {
        log.add("dtr=" + dtr + " rts=" + rts);
    }

    @Override
    public void close() {
        device.interrupt();
    }

    // ---- device side ----
    private int recv() throws InterruptedException {
        Integer b = in.poll(200, TimeUnit.MILLISECONDS);
        return b == null ? -1 : b;
    }

    private void send(int b) {
        out.add(b & 0xFF);
    }

    private void ack() {
        send(BootloaderSession.ACK);
    }

    private long address() throws InterruptedException {
        int[] a = new int[5];
        for (int i = 0; i < 5; i++) {
            if ((a[i] = recv()) < 0) {
                return -1;
            }
        }
        return (a[0] ^ a[1] ^ a[2] ^ a[3]) == a[4]
                ? ((long) a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]
                : -2;
    }

    private void run() {
        boolean synced = false;
        try {
            while (true) {
                int c = in.take();
                if (applicationRunning) {
                    continue; // the application does not speak AN3155
                }
                if (c == BootloaderSession.SYNC) {
                    synced = true;
                    ack();
                    continue;
                }
                if (!synced) {
                    continue; // after a reset a real bootloader waits for 0x7F first
                }
                int comp = recv();
                if (comp < 0) {
                    continue;
                }
                if ((c ^ comp) != 0xFF || !(commands.contains(c))) {
                    send(BootloaderSession.NACK);
                    continue;
                }
                if (silentCommands > 0) {
                    silentCommands--;
                    log.add("silent " + c);
                    continue;
                }
                ack();
                synced = handle(c);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Returns false when the device reset. */
    private boolean handle(int c) throws InterruptedException {
        switch (c) {
            case BootloaderSession.GET -> {
                send(commands.size());
                send(0x31);
                commands.forEach(this::send);
                ack();
            }
            case BootloaderSession.GET_ID -> {
                send(1);
                send(productId >> 8);
                send(productId);
                ack();
            }
            case BootloaderSession.EXTENDED_ERASE, BootloaderSession.ERASE -> {
                int n = c == BootloaderSession.ERASE ? 1 : 2;
                int x = 0;
                for (int i = 0; i < n; i++) {
                    x |= recv();
                }
                int sum = recv();
                if (x != 0xFF || sum != 0) {
                    send(BootloaderSession.NACK);
                    return true;
                }
                java.util.Arrays.fill(flash, (byte) 0xFF);
                log.add(c == BootloaderSession.ERASE ? "erase" : "extended erase");
                ack();
            }
            case BootloaderSession.WRITE_MEMORY -> {
                return write();
            }
            case BootloaderSession.READ_MEMORY -> {
                long a = address();
                if (a < base) {
                    send(BootloaderSession.NACK);
                    return true;
                }
                ack();
                int n = recv();
                recv();
                ack();
                for (int i = 0; i <= n; i++) {
                    send(flash[(int) (a - base) + i]);
                }
            }
            case BootloaderSession.GO -> {
                long a = address();
                if (a == -1) {
                    return true; // timed out: abandon the command silently, as the real one does
                }
                if (a < base) {
                    send(BootloaderSession.NACK);
                    return true;
                }
                goAddress = a;
                ack();
                if (startsApplication) {
                    applicationRunning = true;
                    for (char ch : "m-init-done\r\nm-ready\r\n".toCharArray()) {
                        send(ch);
                    }
                }
            }
            default -> send(BootloaderSession.NACK);
        }
        return true;
    }

    private boolean write() throws InterruptedException {
        long a = address();
        if (a < base || a >= base + flash.length) {
            send(BootloaderSession.NACK);
            return true;
        }
        ack();
        int k = writes++;
        if (k == vanishAfterWrites) {
            gone = true;
            return true;
        }
        if (k == resetAtWrite) {
            log.add("reset at write " + k);
            in.clear();
            return false;
        }
        int n = recv() + 1;
        int x = n - 1;
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) recv();
            x ^= data[i] & 0xFF;
        }
        int sum = recv();
        if (sum != x || nackWrites > 0) {
            if (sum == x) {
                nackWrites--;
            }
            send(BootloaderSession.NACK);
            return true;
        }
        System.arraycopy(data, 0, flash, (int) (a - base), n);
        if (k == corruptAtWrite) {
            flash[(int) (a - base)] ^= 1;
        }
        if (stuckOffset >= 0) {
            flash[stuckOffset] = 0;
        }
        for (; garbageBeforeAck > 0; garbageBeforeAck--) {
            send(0x5A);
        }
        ack();
        return true;
    }
}
