package org.tinyprune.link.rfc2217;

import java.util.Locale;

/**
 * Where an exported serial port listens: {@code rfc2217://HOST:PORT} (an IPv6 host in brackets,
 * {@code rfc2217://[::1]:4001}).
 *
 * @param host host name or address, without brackets
 * @param port TCP port, 1..65535
 */
public record Rfc2217Address(String host, int port) {
    /** The URL scheme. */
    public static final String SCHEME = "rfc2217";

    private static final String PREFIX = SCHEME + "://";
    private static final String FORM =
            "write rfc2217://HOST:PORT, e.g. rfc2217://192.168.1.20:4001";

    /** Checks the parts. */
    public Rfc2217Address {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host; " + FORM);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "TCP port " + port + " is outside 1..65535; " + FORM);
        }
    }

    /**
     * Returns whether a {@code --port} value names a network address rather than a local device:
     * anything with a URL scheme ({@code NAME://}). {@link #parse} then accepts or rejects it.
     *
     * @param port the value
     * @return true for {@code scheme://...}
     */
    public static boolean isUrl(String port) {
        return port != null && port.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    /**
     * Parses {@code rfc2217://HOST:PORT}.
     *
     * @param url the text
     * @return the address
     * @throws IllegalArgumentException naming what is wrong and the form to use
     */
    public static Rfc2217Address parse(String url) {
        if (!isUrl(url)) {
            throw new IllegalArgumentException("'" + url + "' is not a URL; " + FORM);
        }
        String scheme = url.substring(0, url.indexOf("://"));
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw new IllegalArgumentException(
                    "'"
                            + url
                            + "': unknown scheme '"
                            + scheme
                            + "'; give a serial device (e.g. /dev/ttyACM0) or "
                            + FORM);
        }
        String rest = url.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(
                        "'" + url + "': unclosed '[' in the host; " + FORM);
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            portText = after.startsWith(":") ? after.substring(1) : null;
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            portText = colon < 0 ? null : rest.substring(colon + 1);
            if (host.contains(":") || host.contains("/")) {
                throw new IllegalArgumentException(
                        "'"
                                + url
                                + "': malformed host '"
                                + host
                                + "' (an IPv6 address goes in brackets); "
                                + FORM);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' has no host; " + FORM);
        }
        if (portText == null || portText.isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' has no TCP port; " + FORM);
        }
        if (!portText.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(
                    "'" + url + "': TCP port '" + portText + "' is not a number; " + FORM);
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "'" + url + "': TCP port " + port + " is outside 1..65535; " + FORM);
        }
        return new Rfc2217Address(host, port);
    }

    /** Returns the URL, e.g. {@code rfc2217://127.0.0.1:4001}. */
    @Override
    public String toString() {
        return PREFIX + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
