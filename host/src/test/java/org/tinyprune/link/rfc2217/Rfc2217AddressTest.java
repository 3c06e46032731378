package org.tinyprune.link.rfc2217;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing {@code rfc2217://HOST:PORT}. */
class Rfc2217AddressTest {
    @Test
    void parsesHostNamesAddressesAndBracketedIpv6() {
        assertEquals(
                new Rfc2217Address("lab-exporter.local", 4001),
                Rfc2217Address.parse("rfc2217://lab-exporter.local:4001"));
        assertEquals(
                new Rfc2217Address("127.0.0.1", 1), Rfc2217Address.parse("RFC2217://127.0.0.1:1/"));
        assertEquals(
                new Rfc2217Address("::1", 65535), Rfc2217Address.parse("rfc2217://[::1]:65535"));
        assertEquals(
                "rfc2217://[::1]:65535", Rfc2217Address.parse("rfc2217://[::1]:65535").toString());
    }

    @Test
    void tellsDevicePathsFromUrls() {
        assertFalse(Rfc2217Address.isUrl("/dev/ttyACM0"));
        assertFalse(Rfc2217Address.isUrl("COM3"));
        assertTrue(Rfc2217Address.isUrl("tcp://host:1"));
    }

    @Test
    void rejectsMalformedUrlsSayingWhatIsWrong() {
        assertMessage("rfc2217://host", "has no TCP port");
        assertMessage("rfc2217://host:", "has no TCP port");
        assertMessage("rfc2217://host:0", "TCP port 0 is outside 1..65535");
        assertMessage("rfc2217://host:70000", "TCP port 70000 is outside 1..65535");
        assertMessage("rfc2217://host:4x", "is not a number");
        assertMessage("rfc2217://:4001", "has no host");
        assertMessage("rfc2217://::1:4001", "an IPv6 address goes in brackets");
        assertMessage("telnet://host:23", "unknown scheme 'telnet'");
    }

    private static void assertMessage(String url, String part) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Rfc2217Address.parse(url));
        assertTrue(
                e.getMessage().contains(part) && e.getMessage().contains("rfc2217://HOST:PORT"),
                e.getMessage());
    }
}
