"""Test helper: start an emulated board in QEMU with its serial port on a pty (DESIGN §4).

QEMU starts halted (-S) with a QMP socket; the helper opens the pty before resuming the CPU so
no early output is lost, and always kills QEMU on exit.
"""
import json
import os
import re
import select
import socket
import subprocess
import tempfile
import termios
import time
import tty

MACHINES = {"qemu-m4": "mps2-an386", "qemu-m7": "mps2-an500", "qemu-m33": "mps2-an505"}


class EmulatedBoard:
    def __init__(self, board, kernel, extra_images=()):
        self.dir = tempfile.mkdtemp(prefix="tp-qemu-")
        qmp_path = os.path.join(self.dir, "qmp.sock")
        cmd = ["qemu-system-arm", "-M", MACHINES[board], "-nographic", "-icount", "shift=0",
               "-S", "-qmp", f"unix:{qmp_path},server=on,wait=off", "-serial", "pty",
               "-monitor", "none", "-kernel", kernel]
        for image in extra_images:
            cmd += ["-device", f"loader,file={image}"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        self.pty = None
        deadline = time.time() + 10
        while self.pty is None and time.time() < deadline:
            line = self.proc.stdout.readline()
            m = re.search(r"char device redirected to (\S+)", line)
            if m:
                self.pty = m.group(1)
        if self.pty is None:
            self.close()
            raise RuntimeError("QEMU did not report a pty")
        for _ in range(100):
            if os.path.exists(qmp_path):
                break
            time.sleep(0.05)
        self.qmp = socket.socket(socket.AF_UNIX)
        self.qmp.connect(qmp_path)
        self.qmp_file = self.qmp.makefile("rw")
        self.qmp_file.readline()
        self._qmp({"execute": "qmp_capabilities"})

    def _qmp(self, msg):
        self.qmp_file.write(json.dumps(msg) + "\n")
        self.qmp_file.flush()
        while True:
            reply = json.loads(self.qmp_file.readline())
            if "return" in reply or "error" in reply:
                return reply

    def open_serial(self):
        fd = os.open(self.pty, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(fd, termios.TCSANOW)
        return fd

    def resume(self):
        self._qmp({"execute": "cont"})

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class Serial:
    """Blocking reads with a timeout on a raw pty file descriptor."""

    def __init__(self, fd):
        self.fd = fd
        self.buf = b""

    def write(self, data):
        os.write(self.fd, data)

    def read(self, n, timeout=5.0):
        deadline = time.time() + timeout
        while len(self.buf) < n:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise TimeoutError(f"wanted {n} bytes, got {self.buf!r}")
            self.buf += os.read(self.fd, 4096)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_until(self, token, timeout=10.0):
        deadline = time.time() + timeout
        while token not in self.buf:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise TimeoutError(f"no {token!r} in {self.buf!r}")
            self.buf += os.read(self.fd, 4096)
        i = self.buf.index(token) + len(token)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out
