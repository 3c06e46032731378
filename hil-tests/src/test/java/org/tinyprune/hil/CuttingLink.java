package org.tinyprune.hil;

import org.tinyprune.link.LinkException;
import org.tinyprune.link.SerialLink;

/**
 * A real link that is "unplugged" after a number of bytes went out: the write that crosses the
 * limit sends only the bytes up to it, then fails with {@link LinkException.Kind#GONE}, as a
 * pulled cable or a killed host process would leave the board mid-command.
 */
final class CuttingLink implements SerialLink {
  private final SerialLink real;
  private final long limit;
  private long written;

  CuttingLink(SerialLink real, long limit) {
    this.real = real;
    this.limit = limit;
  }

  /** Returns the bytes that reached the board. */
  long written() {
    return written;
  }

  @Override
  public String name() {
    return real.name() + " (cut after " + limit + " bytes)";
  }

  @Override
  public void configure(int baud, Parity parity) throws LinkException {
    real.configure(baud, parity);
  }

  @Override
  public void write(byte[] data) throws LinkException {
    long room = limit - written;
    if (room >= data.length) {
      real.write(data);
      written += data.length;
      return;
    }
    if (room > 0) {
      real.write(java.util.Arrays.copyOf(data, (int) room));
      written += room;
    }
    throw new LinkException(LinkException.Kind.GONE, name() + ": cable pulled");
  }

  @Override
  public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws LinkException {
    return real.read(buffer, offset, length, timeoutMillis);
  }

  @Override
  public void discardInput() throws LinkException {
    real.discardInput();
  }

  @Override
  public void setControlLines(boolean dtr, boolean rts) throws LinkException {
    real.setControlLines(dtr, rts);
  }

  @Override
  public void close() {
    // the real link belongs to the session
  }
}
