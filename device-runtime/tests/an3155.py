"""Minimal AN3155 host for tests: the STM32 USART bootloader protocol as DESIGN §4 describes it."""
from functools import reduce

ACK, NACK = 0x79, 0x1F


class Nack(Exception):
    pass


def xor(data):
    return reduce(lambda a, b: a ^ b, data, 0)


class An3155:
    def __init__(self, serial):
        self.s = serial

    def _ack(self, timeout=5.0):
        b = self.s.read(1, timeout)[0]
        if b == NACK:
            raise Nack()
        if b != ACK:
            raise IOError(f"expected ACK, got 0x{b:02x}")

    def _command(self, code):
        self.s.write(bytes([code, code ^ 0xFF]))
        self._ack()

    def _address(self, address):
        a = address.to_bytes(4, "big")
        self.s.write(a + bytes([xor(a)]))
        self._ack()

    def sync(self):
        self.s.write(b"\x7f")
        self._ack()

    def get(self):
        self._command(0x00)
        n = self.s.read(1)[0]
        body = self.s.read(n + 1)
        self._ack()
        return body[0], list(body[1:])

    def get_version(self):
        self._command(0x01)
        body = self.s.read(3)
        self._ack()
        return body[0]

    def get_id(self):
        self._command(0x02)
        n = self.s.read(1)[0]
        pid = self.s.read(n + 1)
        self._ack()
        return int.from_bytes(pid, "big")

    def read(self, address, length):
        self._command(0x11)
        self._address(address)
        self.s.write(bytes([length - 1, (length - 1) ^ 0xFF]))
        self._ack()
        return self.s.read(length)

    def write(self, address, data):
        self._command(0x31)
        self._address(address)
        frame = bytes([len(data) - 1]) + data
        self.s.write(frame + bytes([xor(frame)]))
        self._ack()

    def extended_erase(self, pages=None):
        self._command(0x44)
        if pages is None:
            self.s.write(b"\xff\xff\x00")
        else:
            frame = (len(pages) - 1).to_bytes(2, "big") + b"".join(p.to_bytes(2, "big") for p in pages)
            self.s.write(frame + bytes([xor(frame)]))
        self._ack(timeout=10.0)

    def erase(self, pages=None):
        """Legacy Erase (0x43): one-byte page numbers, or global erase."""
        self._command(0x43)
        if pages is None:
            self.s.write(b"\xff\x00")
        else:
            frame = bytes([len(pages) - 1] + list(pages))
            self.s.write(frame + bytes([xor(frame)]))
        self._ack(timeout=10.0)

    def go(self, address):
        self._command(0x21)
        self._address(address)

    def write_image(self, address, image):
        for off in range(0, len(image), 256):
            self.write(address + off, image[off:off + 256])

    def read_image(self, address, length):
        out = b""
        while len(out) < length:
            n = min(256, length - len(out))
            out += self.read(address + len(out), n)
        return out
