package org.tinyprune.link.rfc2217;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink;

/**
 * {@link SerialLink} to a serial port exported over RFC 2217 (telnet with the Com Port Control
 * option), as ser2net and labgrid's NetworkSerialPort serve boards.
 *
 * <p>Opening connects, offers WILL COM-PORT-OPTION, BINARY both ways and SUPPRESS-GO-AHEAD both
 * ways, waits (bounded) for the server's DO COM-PORT-OPTION, then sets the line to 8N1 at the given
 * speed without flow control. Data is IAC-escaped both ways. The server's answers and notifications
 * are handled whenever bytes are read: line-setting answers are checked against the request,
 * NOTIFY-LINESTATE errors are logged, FLOWCONTROL-SUSPEND holds writes until RESUME (bounded).
 * Everything reads on the caller's thread; used by one thread at a time, like every {@link
 * SerialLink}. Nothing is shared between links, so several boards can be open at once.
 */
public final class Rfc2217Link implements SerialLink {
    private static final System.Logger LOG = System.getLogger(Rfc2217Link.class.getName());
    private static final Set<Integer> WANTED = Set.of(Telnet.BINARY, Telnet.SUPPRESS_GO_AHEAD);

    private final Rfc2217Address address;
    private final Rfc2217Timeouts timeouts;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteQueue data = new ByteQueue();
    private final TelnetDecoder decoder;
    private final byte[] raw = new byte[4096];

    /**
     * Options this side performs (server said DO), and those the server performs (it said WILL).
     */
    private final Set<Integer> local = new HashSet<>();

    private final Set<Integer> remote = new HashSet<>();

    /** Refusals already sent ("WONT 5"), so a repeated request is not answered again. */
    private final Set<String> declined = new HashSet<>();

    /** A failure while answering inside the decoder. */
    private LinkException failure;

    /** Options the server refused (WONT/DONT to our request). */
    private final Set<String> refused = new HashSet<>();

    /** Latest answer per server code, cleared before each request. */
    private final Map<Integer, byte[]> answers = new HashMap<>();

    private int controlAnswers;
    private boolean suspended;
    private boolean echoed;
    private int lineState;
    private int modemState;
    private String signature = "";
    private int soTimeout = -1;
    private boolean closed;

    private Rfc2217Link(Rfc2217Address address, Rfc2217Timeouts timeouts, Socket socket)
            throws IOException {
        this.address = address;
        this.timeouts = timeouts;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.decoder =
                new TelnetDecoder(
                        new TelnetDecoder.Handler() {
                            @Override
                            public void option(int verb, int option) {
                                onOption(verb, option);
                            }

                            @Override
                            public void subnegotiation(byte[] body) {
                                onSubnegotiation(body);
                            }
                        });
    }

    /**
     * Connects with {@link Rfc2217Timeouts#defaults()} and sets the line to 8N1 at {@code baud}.
     *
     * @param address the exported port
     * @param baud bits per second
     * @return the open link
     * @throws LinkException {@link Kind#GONE} when the host cannot be reached or refuses the
     *     connection, {@link Kind#PROTOCOL} when the server does not speak RFC 2217, {@link
     *     Kind#INVALID_REQUEST} when the host name does not resolve or the server refuses the line
     *     settings; each names the address
     */
    public static Rfc2217Link open(Rfc2217Address address, int baud) throws LinkException {
        return open(address, baud, Rfc2217Timeouts.defaults());
    }

    /**
     * Connects and sets the line to 8N1 at {@code baud}, with the given waits.
     *
     * @param address the exported port
     * @param baud bits per second
     * @param timeouts how long to wait for the network and the server
     * @return the open link
     * @throws LinkException as {@link #open(Rfc2217Address, int)}
     */
    public static Rfc2217Link open(Rfc2217Address address, int baud, Rfc2217Timeouts timeouts)
            throws LinkException {
        Socket socket = connect(address, timeouts);
        Rfc2217Link link = null;
        try {
            link = new Rfc2217Link(address, timeouts, socket);
            link.negotiate();
            link.configure(baud, Parity.NONE);
            link.control(Telnet.CONTROL_NO_FLOW);
            return link;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new LinkException(
                    Kind.GONE,
                    address
                            + ": connection failed while starting ("
                            + e.getMessage()
                            + "); check that the exporter still runs and try again",
                    e);
        } catch (LinkException e) {
            if (link != null) {
                link.close();
            } else {
                closeQuietly(socket);
            }
            throw e;
        }
    }

    private static Socket connect(Rfc2217Address address, Rfc2217Timeouts timeouts)
            throws LinkException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(
                    new InetSocketAddress(address.host(), address.port()),
                    (int) timeouts.connectMillis());
            return socket;
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            // a name that does not resolve is a bad address, like a malformed one: no board was
            // touched, and trying again will not help
            throw new LinkException(
                    Kind.INVALID_REQUEST,
                    address
                            + ": cannot resolve host '"
                            + address.host()
                            + "'; check the name in --port",
                    e);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new LinkException(
                    Kind.GONE,
                    address
                            + ": no answer within "
                            + timeouts.connectMillis()
                            + " ms; the host is unreachable or a firewall drops the connection: check the address "
                            + "and the network",
                    e);
        } catch (ConnectException e) {
            closeQuietly(socket);
            String why = String.valueOf(e.getMessage());
            throw new LinkException(
                    Kind.GONE,
                    why.toLowerCase(Locale.ROOT).contains("refused")
                            ? address
                                    + " refused the connection: nothing listens on that port; check that the "
                                    + "exporter (ser2net) runs and serves this port"
                            : address
                                    + ": cannot connect ("
                                    + why
                                    + "); check the address and the network",
                    e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new LinkException(
                    Kind.GONE,
                    address
                            + ": cannot connect ("
                            + e.getMessage()
                            + "); check the address and the network",
                    e);
        }
    }

    private void negotiate() throws LinkException {
        send(
                new byte[] {
                    (byte) Telnet.IAC, (byte) Telnet.WILL, (byte) Telnet.COM_PORT_OPTION,
                    (byte) Telnet.IAC, (byte) Telnet.WILL, (byte) Telnet.BINARY,
                    (byte) Telnet.IAC, (byte) Telnet.DO, (byte) Telnet.BINARY,
                    (byte) Telnet.IAC, (byte) Telnet.WILL, (byte) Telnet.SUPPRESS_GO_AHEAD,
                    (byte) Telnet.IAC, (byte) Telnet.DO, (byte) Telnet.SUPPRESS_GO_AHEAD
                });
        long deadline = deadline(timeouts.negotiationMillis());
        while (!local.contains(Telnet.COM_PORT_OPTION)) {
            if (echoed) {
                throw new LinkException(
                        Kind.PROTOCOL,
                        address
                                + " does not speak RFC 2217: it sent our own "
                                + "WILL COM-PORT-OPTION back, as a plain TCP echo or loopback service does; point --port "
                                + "at an RFC 2217 accepter (ser2net: telnet(rfc2217),tcp,...)");
            }
            if (refused.contains("COM-PORT-OPTION")) {
                throw new LinkException(
                        Kind.PROTOCOL,
                        address
                                + " refused the Com Port Control option "
                                + "(DONT COM-PORT-OPTION): it is a telnet server without RFC 2217; configure the "
                                + "exporter with an RFC 2217 accepter (ser2net: telnet(rfc2217),tcp,...)");
            }
            long left = left(deadline);
            if (left <= 0) {
                throw new LinkException(
                        Kind.PROTOCOL,
                        address
                                + " does not speak RFC 2217: no DO "
                                + "COM-PORT-OPTION within "
                                + timeouts.negotiationMillis()
                                + " ms (received "
                                + data.size()
                                + " data bytes instead); point --port at an RFC 2217 accepter "
                                + "(ser2net: telnet(rfc2217),tcp,...)");
            }
            pump(left);
        }
        if (refused.contains("BINARY")) {
            throw new LinkException(
                    Kind.PROTOCOL,
                    address
                            + " refused telnet BINARY mode, without which "
                            + "bytes such as CR would be altered; configure the exporter to allow it");
        }
    }

    @Override
    public String name() {
        return address.toString();
    }

    /** Returns the server's signature, when it sent one (empty otherwise). */
    public String serverSignature() {
        return signature;
    }

    /**
     * Returns the last NOTIFY-MODEMSTATE value (CTS, DSR, RI, CD bits as in RFC 2217), 0 before
     * any.
     */
    public int modemState() {
        return modemState;
    }

    /** Returns the last NOTIFY-LINESTATE value, 0 before any. */
    public int lineState() {
        return lineState;
    }

    @Override
    public void configure(int baud, Parity parity) throws LinkException {
        int parityCode = parity == Parity.EVEN ? Telnet.PARITY_EVEN : Telnet.PARITY_NONE;
        int[][] requests = {
            {Telnet.SET_BAUDRATE, baud},
            {Telnet.SET_DATASIZE, 8},
            {Telnet.SET_PARITY, parityCode},
            {Telnet.SET_STOPSIZE, Telnet.STOPSIZE_1}
        };
        answers.clear();
        for (int[] r : requests) {
            byte[] value =
                    r[0] == Telnet.SET_BAUDRATE
                            ? new byte[] {
                                (byte) (baud >>> 24),
                                (byte) (baud >>> 16),
                                (byte) (baud >>> 8),
                                (byte) baud
                            }
                            : new byte[] {(byte) r[1]};
            send(TelnetDecoder.comPort(r[0], value));
        }
        long deadline = deadline(timeouts.ackMillis());
        for (int[] r : requests) {
            byte[] answer = await(r[0] + Telnet.SERVER_OFFSET, deadline);
            String what = Telnet.commandName(r[0]) + " " + describe(r[0], r[1]);
            if (answer == null) {
                throw new LinkException(
                        Kind.PROTOCOL,
                        address
                                + " did not acknowledge "
                                + what
                                + " within "
                                + timeouts.ackMillis()
                                + " ms (RFC 2217 servers answer every line setting); "
                                + "the server does not support it or is not an RFC 2217 server");
            }
            int got =
                    r[0] == Telnet.SET_BAUDRATE
                            ? bigEndian(answer)
                            : answer.length == 1 ? answer[0] & 0xFF : -1;
            if (got != r[1]) {
                throw new LinkException(
                        Kind.INVALID_REQUEST,
                        address
                                + " refused "
                                + what
                                + " (the port is "
                                + "now at "
                                + (got < 0 ? "an unreadable value" : describe(r[0], got))
                                + "); the exported "
                                + "port cannot use "
                                + baud
                                + " baud "
                                + parity
                                + " 8-bit framing with 1 stop bit");
            }
        }
    }

    private static String describe(int code, int value) {
        if (code == Telnet.SET_PARITY) {
            return switch (value) {
                case 1 -> "NONE";
                case 2 -> "ODD";
                case 3 -> "EVEN";
                case 4 -> "MARK";
                case 5 -> "SPACE";
                default -> "parity code " + value;
            };
        }
        return code == Telnet.SET_BAUDRATE
                ? value + " baud"
                : code == Telnet.SET_DATASIZE ? value + " data bits" : value + " stop bit code";
    }

    private static int bigEndian(byte[] b) {
        if (b.length != 4) {
            return -1;
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    @Override
    public void write(byte[] bytes) throws LinkException {
        checkOpen();
        if (suspended) {
            long deadline = deadline(timeouts.suspendMillis());
            while (suspended) {
                long left = left(deadline);
                if (left <= 0) {
                    throw new LinkException(
                            Kind.TIMEOUT,
                            address
                                    + " suspended sending (FLOWCONTROL-SUSPEND) "
                                    + "and did not resume within "
                                    + timeouts.suspendMillis()
                                    + " ms");
                }
                pump(left);
            }
        }
        send(TelnetDecoder.escape(bytes));
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis)
            throws LinkException {
        checkOpen();
        long deadline = deadline(Math.max(1, timeoutMillis));
        while (data.size() == 0) {
            long left = left(deadline);
            if (left <= 0) {
                return 0;
            }
            pump(left);
        }
        return data.take(buffer, offset, length);
    }

    @Override
    public void discardInput() throws LinkException {
        checkOpen();
        try {
            while (in.available() > 0) {
                pump(1);
            }
        } catch (IOException e) {
            throw gone("read", e);
        }
        data.clear();
    }

    /**
     * Sets DTR and RTS with SET-CONTROL. The server's answers are awaited for {@link
     * Rfc2217Timeouts#controlAckMillis()} at most; missing ones (ser2net on a pty never answers)
     * are noted at debug level and the exchange carries on.
     */
    @Override
    public void setControlLines(boolean dtr, boolean rts) throws LinkException {
        control(
                dtr ? Telnet.CONTROL_DTR_ON : Telnet.CONTROL_DTR_OFF,
                rts ? Telnet.CONTROL_RTS_ON : Telnet.CONTROL_RTS_OFF);
    }

    /**
     * Holds a BREAK condition on the remote port's line for {@code millis}, with SET-CONTROL BREAK
     * ON then OFF (answers awaited as for {@link #setControlLines}).
     *
     * @param millis how long the line stays in BREAK
     * @throws LinkException {@link Kind#GONE} when the connection dropped
     */
    public void sendBreak(long millis) throws LinkException {
        control(Telnet.CONTROL_BREAK_ON);
        sleep(millis);
        control(Telnet.CONTROL_BREAK_OFF);
    }

    private void control(int... values) throws LinkException {
        checkOpen();
        controlAnswers = 0;
        for (int v : values) {
            send(TelnetDecoder.comPort(Telnet.SET_CONTROL, (byte) v));
        }
        long deadline = deadline(timeouts.controlAckMillis());
        while (controlAnswers < values.length) {
            long left = left(deadline);
            if (left <= 0) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () ->
                                address
                                        + ": "
                                        + (values.length - controlAnswers)
                                        + " of "
                                        + values.length
                                        + " SET-CONTROL "
                                        + Arrays.toString(values)
                                        + " not acknowledged "
                                        + "within "
                                        + timeouts.controlAckMillis()
                                        + " ms (ser2net does not acknowledge modem "
                                        + "lines on a pty); carrying on");
                return;
            }
            pump(left);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
    }

    private byte[] await(int code, long deadline) throws LinkException {
        while (!answers.containsKey(code)) {
            long left = left(deadline);
            if (left <= 0) {
                return null;
            }
            pump(left);
        }
        return answers.get(code);
    }

    /** Reads once (waiting up to {@code millis}) and decodes what came; end of stream is GONE. */
    private void pump(long millis) throws LinkException {
        int n;
        try {
            int t = (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
            if (t != soTimeout) {
                socket.setSoTimeout(t);
                soTimeout = t;
            }
            n = in.read(raw);
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            throw gone("read", e);
        }
        if (n < 0) {
            throw gone("read", null);
        }
        decoder.decode(raw, n, data);
        if (failure != null) {
            throw failure;
        }
    }

    private void send(byte[] bytes) throws LinkException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw gone("write", e);
        }
    }

    private void onOption(int verb, int option) {
        switch (verb) {
            case Telnet.DO -> {
                if (WANTED.contains(option) || option == Telnet.COM_PORT_OPTION) {
                    local.add(option);
                } else if (declined.add("WONT " + option)) {
                    reply(Telnet.WONT, option);
                }
            }
            case Telnet.DONT -> {
                local.remove(option);
                refuse(option);
            }
            case Telnet.WILL -> {
                if (option == Telnet.COM_PORT_OPTION) {
                    // only clients offer the option; a server saying so is repeating us
                    echoed = true;
                } else if (WANTED.contains(option)) {
                    remote.add(option);
                } else if (declined.add("DONT " + option)) {
                    reply(Telnet.DONT, option);
                }
            }
            case Telnet.WONT -> {
                remote.remove(option);
                refuse(option);
            }
            default -> {}
        }
    }

    private void refuse(int option) {
        if (option == Telnet.COM_PORT_OPTION) {
            refused.add("COM-PORT-OPTION");
        } else if (option == Telnet.BINARY) {
            refused.add("BINARY");
        }
    }

    /**
     * Sends a negotiation answer from inside the decoder; a failure is rethrown by {@link #pump}.
     */
    private void reply(int verb, int option) {
        replyBytes(new byte[] {(byte) Telnet.IAC, (byte) verb, (byte) option});
    }

    private void replyBytes(byte[] bytes) {
        if (failure == null) {
            try {
                send(bytes);
            } catch (LinkException e) {
                failure = e;
            }
        }
    }

    private void onSubnegotiation(byte[] body) {
        if (body.length < 2 || (body[0] & 0xFF) != Telnet.COM_PORT_OPTION) {
            return;
        }
        int code = body[1] & 0xFF;
        byte[] value = Arrays.copyOfRange(body, 2, body.length);
        switch (code - Telnet.SERVER_OFFSET) {
            case Telnet.SIGNATURE -> {
                if (value.length == 0) {
                    replyBytes(
                            TelnetDecoder.comPort(
                                    Telnet.SIGNATURE,
                                    "tinyprune".getBytes(StandardCharsets.US_ASCII)));
                } else {
                    signature = new String(value, StandardCharsets.ISO_8859_1);
                }
            }
            case Telnet.SET_CONTROL -> {
                controlAnswers++;
                answers.put(code, value);
            }
            case Telnet.NOTIFY_LINESTATE -> {
                lineState = value.length > 0 ? value[0] & 0xFF : 0;
                int damage =
                        lineState
                                & (Telnet.LINESTATE_OVERRUN
                                        | Telnet.LINESTATE_PARITY
                                        | Telnet.LINESTATE_FRAMING
                                        | Telnet.LINESTATE_BREAK);
                if (damage != 0) {
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            () ->
                                    address
                                            + " reports line state 0x"
                                            + Integer.toHexString(lineState)
                                            + " (overrun, parity, framing error or break)");
                }
            }
            case Telnet.NOTIFY_MODEMSTATE -> modemState = value.length > 0 ? value[0] & 0xFF : 0;
            case Telnet.FLOWCONTROL_SUSPEND -> suspended = true;
            case Telnet.FLOWCONTROL_RESUME -> suspended = false;
            default -> answers.put(code, value);
        }
    }

    private void checkOpen() throws LinkException {
        if (closed) {
            throw new LinkException(
                    Kind.GONE, address + ": the connection is closed; open the port again");
        }
    }

    private LinkException gone(String op, IOException cause) {
        closed = true;
        closeQuietly(socket);
        String why = cause == null ? "the server closed the connection" : cause.getMessage();
        return new LinkException(
                Kind.GONE,
                "serial port "
                        + address
                        + " went away ("
                        + op
                        + ": "
                        + why
                        + "): the exporter (ser2net) stopped, the board behind it went away or the network dropped; "
                        + "check it and try again",
                cause);
    }

    private static long deadline(long millis) {
        return System.nanoTime() + millis * 1_000_000L;
    }

    private static long left(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000L;
    }

    private static void sleep(long millis) throws LinkException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(Kind.TIMEOUT, "interrupted while holding BREAK", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to release beyond the socket
        }
    }
}
