package org.tinyprune.link.rfc2217;

/**
 * Protocol numbers: telnet commands and options (RFC 854, 856, 858) and the Com Port Control option
 * (RFC 2217). Server-to-client com-port codes are the client-to-server ones plus {@link
 * #SERVER_OFFSET}.
 */
final class Telnet {
    /** Interpret As Command: starts every command; doubled to send the data byte 255. */
    static final int IAC = 255;

    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;

    /** Subnegotiation begin and end. */
    static final int SB = 250;

    static final int SE = 240;

    /** Options. */
    static final int BINARY = 0;

    static final int SUPPRESS_GO_AHEAD = 3;
    static final int COM_PORT_OPTION = 44;

    /** Com-port commands, client to server. */
    static final int SIGNATURE = 0;

    static final int SET_BAUDRATE = 1;
    static final int SET_DATASIZE = 2;
    static final int SET_PARITY = 3;
    static final int SET_STOPSIZE = 4;
    static final int SET_CONTROL = 5;
    static final int NOTIFY_LINESTATE = 6;
    static final int NOTIFY_MODEMSTATE = 7;
    static final int FLOWCONTROL_SUSPEND = 8;
    static final int FLOWCONTROL_RESUME = 9;
    static final int SET_LINESTATE_MASK = 10;
    static final int SET_MODEMSTATE_MASK = 11;
    static final int PURGE_DATA = 12;

    /** Added to a command code in the server's answers and notifications. */
    static final int SERVER_OFFSET = 100;

    /** SET-PARITY values. */
    static final int PARITY_NONE = 1;

    static final int PARITY_EVEN = 3;

    /** SET-STOPSIZE value for one stop bit. */
    static final int STOPSIZE_1 = 1;

    /** SET-CONTROL values. */
    static final int CONTROL_NO_FLOW = 1;

    static final int CONTROL_BREAK_ON = 5;
    static final int CONTROL_BREAK_OFF = 6;
    static final int CONTROL_DTR_ON = 8;
    static final int CONTROL_DTR_OFF = 9;
    static final int CONTROL_RTS_ON = 11;
    static final int CONTROL_RTS_OFF = 12;

    /** NOTIFY-LINESTATE bits that mean received data was damaged. */
    static final int LINESTATE_OVERRUN = 0x02;

    static final int LINESTATE_PARITY = 0x04;
    static final int LINESTATE_FRAMING = 0x08;
    static final int LINESTATE_BREAK = 0x10;

    private Telnet() {}

    /** Names a com-port command code (either direction) for messages. */
    static String commandName(int code) {
        return switch (code % SERVER_OFFSET) {
            case SIGNATURE -> "SIGNATURE";
            case SET_BAUDRATE -> "SET-BAUDRATE";
            case SET_DATASIZE -> "SET-DATASIZE";
            case SET_PARITY -> "SET-PARITY";
            case SET_STOPSIZE -> "SET-STOPSIZE";
            case SET_CONTROL -> "SET-CONTROL";
            default -> "com-port command " + code;
        };
    }
}
