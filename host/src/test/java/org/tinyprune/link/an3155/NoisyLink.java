package org.tinyprune.link.an3155;

import java.util.function.IntPredicate;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;

/**
 * A {@link SerialLink} decorator for tests that corrupts AN3155 Read Memory and Write Memory data
 * on the line, following the host's commands: board-to-host read-back data (the flash is not
 * touched) and host-to-board write data (two flips of the same bit, which the XOR checksum cannot
 * see, so the board programs wrong bytes and acknowledges).
 */
final class NoisyLink implements SerialLink {
  private final SerialLink inner;
  /** Given the 0-based number of a Read Memory answer, whether to corrupt it in transit. */
  IntPredicate corruptRead = k -> false;
  /** 0-based number of the Write Memory whose data is corrupted on the way to the board, or -1. */
  int corruptWrite = -1;
  int readAnswers;
  int corruptedReads;
  private int writeCommands;
  private int lastCommand = -1;
  private int writesSinceCommand;
  /** Read-back bytes still to pass (after the ACK that precedes them), and the one to corrupt. */
  private int dataLeft;
  private int flipAt;
  private boolean skipAck;

  NoisyLink(SerialLink inner) {
    this.inner = inner;
  }

  @Override public String name() {
    return "noisy:" + inner.name();
  }

  @Override public void configure(int baud, Parity parity) throws LinkException {
    inner.configure(baud, parity);
  }

  @Override public void write(byte[] data) throws LinkException {
    byte[] out = data.clone();
    boolean inTransfer = (lastCommand == BootloaderSession.READ_MEMORY
        || lastCommand == BootloaderSession.WRITE_MEMORY) && writesSinceCommand < 2;
    if (!inTransfer && out.length == 2 && (out[0] ^ out[1]) == (byte) 0xFF) {
      lastCommand = out[0] & 0xFF;
      writesSinceCommand = 0;
      if (lastCommand == BootloaderSession.WRITE_MEMORY) {
        writeCommands++;
      }
    } else {
      writesSinceCommand++;
      if (lastCommand == BootloaderSession.READ_MEMORY && writesSinceCommand == 2) {
        int n = (out[0] & 0xFF) + 1;
        if (corruptRead.test(readAnswers++)) {
          corruptedReads++;
          dataLeft = n;
          flipAt = (readAnswers * 37) % n;
          skipAck = true;
        }
      }
      if (lastCommand == BootloaderSession.WRITE_MEMORY && writesSinceCommand == 2
          && writeCommands - 1 == corruptWrite && out.length > 4) {
        out[1] ^= 0x04;
        out[2] ^= 0x04;
      }
    }
    inner.write(out);
  }

  @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws LinkException {
    int got = inner.read(buffer, offset, length, timeoutMillis);
    for (int i = offset; i < offset + got && (skipAck || dataLeft > 0); i++) {
      if (skipAck) {
        skipAck = false;
        continue;
      }
      int index = --dataLeft;
      if (index == flipAt) {
        buffer[i] ^= 0x21 + (readAnswers & 0x3F);
      }
    }
    return got;
  }

  @Override public void discardInput() throws LinkException {
    inner.discardInput();
  }

  @Override public void setControlLines(boolean dtr, boolean rts) throws LinkException {
    inner.setControlLines(dtr, rts);
  }

  @Override public void close() {
    inner.close();
  }
}
