package org.tinyprune.link;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/**
 * {@link SerialLink} over jSerialComm: physical serial ports and QEMU ptys alike ({@code
 * SerialPort.getCommPort(path)} opens a pty even though port enumeration does not list it).
 */
public final class JSerialCommLink implements SerialLink {
    private final SerialPort port;
    private int currentTimeout = -1;

    private JSerialCommLink(SerialPort port) {
        this.port = port;
    }

    /**
     * Opens a port at 8N1.
     *
     * @param path device path such as {@code /dev/ttyACM0} or {@code /dev/pts/3}
     * @param baud bits per second (ignored by ptys)
     * @return the open link
     * @throws LinkException when the port does not exist or cannot be opened
     */
    public static JSerialCommLink open(String path, int baud) throws LinkException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new LinkException(
                    LinkException.Kind.GONE,
                    "serial port "
                            + path
                            + " does not exist; "
                            + "check the path (ls /dev/ttyACM* /dev/ttyUSB*) and that the board is plugged in",
                    e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new LinkException(
                    LinkException.Kind.GONE,
                    "cannot open serial port "
                            + path
                            + " (error "
                            + port.getLastErrorCode()
                            + "); check that it exists, that no other program "
                            + "holds it, and that you may access it (group dialout)");
        }
        return new JSerialCommLink(port);
    }

    @Override
    public String name() {
        return port.getSystemPortPath();
    }

    @Override
    public void configure(int baud, Parity parity) throws LinkException {
        int p = parity == Parity.EVEN ? SerialPort.EVEN_PARITY : SerialPort.NO_PARITY;
        if (!port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, p)) {
            throw new LinkException(
                    LinkException.Kind.INVALID_REQUEST,
                    name() + ": cannot set " + baud + " baud, parity " + parity);
        }
    }

    @Override
    public void write(byte[] data) throws LinkException {
        int done = 0;
        while (done < data.length) {
            int n = port.writeBytes(data, data.length - done, done);
            if (n < 0) {
                throw gone("write");
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis)
            throws LinkException {
        int t = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
        if (t != currentTimeout) {
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, t, 0);
            currentTimeout = t;
        }
        int n = port.readBytes(buffer, length, offset);
        if (n < 0) {
            throw gone("read");
        }
        return n;
    }

    @Override
    public void discardInput() throws LinkException {
        byte[] junk = new byte[256];
        int avail;
        while ((avail = port.bytesAvailable()) > 0) {
            read(junk, 0, Math.min(avail, junk.length), 1);
        }
        if (avail < 0) {
            throw gone("read");
        }
    }

    @Override
    public void setControlLines(boolean dtr, boolean rts) throws LinkException {
        boolean ok =
                (dtr ? port.setDTR() : port.clearDTR()) & (rts ? port.setRTS() : port.clearRTS());
        if (!ok) {
            throw new LinkException(
                    LinkException.Kind.INVALID_REQUEST,
                    name()
                            + " cannot drive DTR/RTS "
                            + "(ptys and some adapters cannot); enter the bootloader by hand: set BOOT0 high and reset");
        }
    }

    @Override
    public void close() {
        port.closePort();
    }

    private LinkException gone(String op) {
        return new LinkException(
                LinkException.Kind.GONE,
                "serial port "
                        + name()
                        + " went away ("
                        + op
                        + " failed, error "
                        + port.getLastErrorCode()
                        + "): the board was unplugged or the emulator "
                        + "ended; reconnect it and try again");
    }
}
