package org.tinyprune.link.rfc2217;

import java.io.ByteArrayOutputStream;

/**
 * Splits a telnet byte stream into data and commands. A doubled IAC is one data byte 255; IAC
 * WILL/WONT/DO/DONT with its option byte and IAC SB ... IAC SE (with doubled IACs inside undone) go
 * to the {@link Handler}; other two-byte commands (NOP, GA, ...) are dropped. State is kept between
 * calls, so a command split over two TCP reads is still recognised.
 */
final class TelnetDecoder {
    /** Receives what is not data. */
    interface Handler {
        /**
         * An option command.
         *
         * @param verb {@link Telnet#WILL}, {@link Telnet#WONT}, {@link Telnet#DO} or {@link
         *     Telnet#DONT}
         * @param option the option number
         */
        void option(int verb, int option);

        /**
         * A subnegotiation, without IAC SB and IAC SE, IAC doubling undone.
         *
         * @param body option number followed by its parameters
         */
        void subnegotiation(byte[] body);
    }

    private enum State {
        DATA,
        IAC,
        VERB,
        SB,
        SB_IAC
    }

    private final Handler handler;
    private final ByteArrayOutputStream sub = new ByteArrayOutputStream();
    private State state = State.DATA;
    private int verb;

    TelnetDecoder(Handler handler) {
        this.handler = handler;
    }

    /**
     * Decodes bytes, appending data bytes to {@code data}.
     *
     * @param in received bytes
     * @param length how many of them
     * @param data where data goes
     */
    void decode(byte[] in, int length, ByteQueue data) {
        for (int i = 0; i < length; i++) {
            int b = in[i] & 0xFF;
            switch (state) {
                case DATA -> {
                    if (b == Telnet.IAC) {
                        state = State.IAC;
                    } else {
                        data.add(b);
                    }
                }
                case IAC -> {
                    if (b == Telnet.IAC) {
                        data.add(b);
                        state = State.DATA;
                    } else if (b >= Telnet.WILL && b <= Telnet.DONT) {
                        verb = b;
                        state = State.VERB;
                    } else if (b == Telnet.SB) {
                        sub.reset();
                        state = State.SB;
                    } else {
                        state = State.DATA;
                    }
                }
                case VERB -> {
                    state = State.DATA;
                    handler.option(verb, b);
                }
                case SB -> {
                    if (b == Telnet.IAC) {
                        state = State.SB_IAC;
                    } else {
                        sub.write(b);
                    }
                }
                case SB_IAC -> {
                    if (b == Telnet.IAC) {
                        sub.write(b);
                        state = State.SB;
                    } else {
                        state = State.DATA;
                        if (b == Telnet.SE) {
                            handler.subnegotiation(sub.toByteArray());
                        }
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /**
     * Encodes data for sending: every 255 doubled.
     *
     * @param data bytes
     * @return the escaped bytes
     */
    static byte[] escape(byte[] data) {
        int extra = 0;
        for (byte b : data) {
            if ((b & 0xFF) == Telnet.IAC) {
                extra++;
            }
        }
        if (extra == 0) {
            return data;
        }
        byte[] out = new byte[data.length + extra];
        int j = 0;
        for (byte b : data) {
            out[j++] = b;
            if ((b & 0xFF) == Telnet.IAC) {
                out[j++] = b;
            }
        }
        return out;
    }

    /**
     * Encodes a com-port subnegotiation: IAC SB COM-PORT-OPTION code value... IAC SE, with IAC in
     * the value doubled.
     *
     * @param code command code
     * @param value parameter bytes
     * @return the bytes to send
     */
    static byte[] comPort(int code, byte... value) {
        byte[] v = escape(value);
        byte[] out = new byte[v.length + 6];
        out[0] = (byte) Telnet.IAC;
        out[1] = (byte) Telnet.SB;
        out[2] = (byte) Telnet.COM_PORT_OPTION;
        out[3] = (byte) code;
        System.arraycopy(v, 0, out, 4, v.length);
        out[v.length + 4] = (byte) Telnet.IAC;
        out[v.length + 5] = (byte) Telnet.SE;
        return out;
    }
}
