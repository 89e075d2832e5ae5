package dev.hermit.pipeline;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the executable's bytes as they are written and reports them every {@link #EVERY} bytes and at the end. */
final class ProgressStream extends FilterOutputStream {
  static final long EVERY = 4L << 20;
  private final BuildListener listener;
  private long written;
  private long reported;

  ProgressStream(OutputStream out, BuildListener listener) {
    super(out);
    this.listener = listener;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count(1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count(len);
  }

  private void count(long n) {
    written += n;
    if (written - reported >= EVERY) {
      report();
    }
  }

  private void report() {
    reported = written;
    listener.event(new BuildEvent.Progress(BuildEvent.Step.PACKING, written, -1));
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (written != reported) {
      report();
    }
  }
}
