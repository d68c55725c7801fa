package org.medcl.tools.report;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Writes TensorBoard event files of scalar summaries, readable by TensorBoard's scalar
 * dashboard.
 *
 * <p>The file is {@code events.out.tfevents.<seconds>.<host>} in the log folder (a {@code .1},
 * {@code .2}, ... suffix is added when that name exists, e.g. after a resume within the same
 * second). It holds TFRecord-framed {@code tensorflow.Event} protos (see {@link TfRecords}):
 * first one with {@code file_version = "brain.Event:2"}, then one event per call of {@link
 * #scalars} holding a {@code Summary} with one {@code simple_value} per tag. Each call is
 * flushed to disk. A resumed run writes a new file in the same folder; TensorBoard merges them.
 *
 * <p>TODO: only scalar summaries are written; showing overlays in TensorBoard would need image
 * summaries (PNG bytes in {@code Summary.Image}), which nothing asks for yet.
 */
public final class TensorBoardWriter implements Closeable {
  /** The version string TensorBoard expects in the first event. */
  public static final String FILE_VERSION = "brain.Event:2";

  private static final Logger LOG = LoggerFactory.getLogger(TensorBoardWriter.class);

  private final Path file;
  private final OutputStream out;
  private boolean closed;

  private TensorBoardWriter(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Creates a new event file in {@code logDir} (created if missing) and writes its header. */
  public static TensorBoardWriter create(Path logDir) throws IOException {
    Files.createDirectories(logDir);
    long now = System.currentTimeMillis();
    String base = "events.out.tfevents." + (now / 1000) + "." + hostName();
    for (int attempt = 0; ; attempt++) {
      Path file = logDir.resolve(attempt == 0 ? base : base + "." + attempt);
      OutputStream os;
      try {
        os = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      TensorBoardWriter w = new TensorBoardWriter(file, new BufferedOutputStream(os));
      Event header = Event.newBuilder()
          .setWallTime(now / 1000.0)
          .setFileVersion(FILE_VERSION)
          .build();
      w.writeEvent(header);
      LOG.info("tensorboard events file={}", file);
      return w;
    }
  }

  /** The event file written. */
  public Path file() {
    return file;
  }

  /** Writes one scalar at {@code step}. */
  public void scalar(String tag, long step, double value) throws IOException {
    scalars(step, Map.of(tag, value));
  }

  /**
   * Writes one event at {@code step} with a scalar per entry (stored as float32, as TensorBoard
   * does), then flushes.
   */
  public void scalars(long step, Map<String, ? extends Number> values) throws IOException {
    Summary.Builder summary = Summary.newBuilder();
    for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("expected a non-empty tag, found '" + e.getKey()
            + "' in " + values.keySet());
      }
      summary.addValue(Summary.Value.newBuilder()
          .setTag(e.getKey())
          .setSimpleValue(e.getValue().floatValue()));
    }
    Event event = Event.newBuilder()
        .setWallTime(System.currentTimeMillis() / 1000.0)
        .setStep(step)
        .setSummary(summary)
        .build();
    writeEvent(event);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  private void writeEvent(Event event) throws IOException {
    if (closed) {
      throw new IllegalStateException("event file " + file + " is closed");
    }
    TfRecords.write(out, event.toByteArray());
    out.flush();
  }

  private static String hostName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    String safe = host.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() ? "localhost" : safe;
  }
}
