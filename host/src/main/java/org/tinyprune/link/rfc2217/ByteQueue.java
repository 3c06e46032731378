package org.tinyprune.link.rfc2217;

/** A growable first-in first-out queue of bytes (received data not yet read). */
final class ByteQueue {
    private byte[] buf = new byte[4096];
    private int head;
    private int tail;

    void add(int b) {
        if (tail == buf.length) {
            int n = tail - head;
            byte[] next = n * 2 > buf.length ? new byte[buf.length * 2] : buf;
            System.arraycopy(buf, head, next, 0, n);
            buf = next;
            head = 0;
            tail = n;
        }
        buf[tail++] = (byte) b;
    }

    int size() {
        return tail - head;
    }

    int take(byte[] out, int offset, int length) {
        int n = Math.min(length, size());
        System.arraycopy(buf, head, out, offset, n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return n;
    }

    void clear() {
        head = 0;
        tail = 0;
    }
}
