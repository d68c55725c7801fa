package org.medcl.tools.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;

/**
 * The {@code provenance.json} written beside a run or an exported model: git commit of the code,
 * data root and SHA-256 of every input file, the configuration, Java and TensorFlow versions,
 * start and end time.
 */
public final class Provenance {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = JSON.createObjectNode();

  private Provenance() {}

  /** Starts a record with the environment facts and the start time. */
  public static Provenance start(String kind, JsonNode config) {
    Provenance p = new Provenance();
    p.root.put("kind", kind);
    p.root.put("started", Instant.now().toString());
    p.root.put("gitCommit", gitCommit());
    p.root.put("javaVersion", System.getProperty("java.version"));
    p.root.put("javaVendor", System.getProperty("java.vendor"));
    p.root.put("tensorflowVersion", TensorFlow.version());
    p.root.put("tensorflowJavaVersion", "1.1.0");
    p.root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    p.root.put("cores", Runtime.getRuntime().availableProcessors());
    if (config != null) {
      p.root.set("config", config);
    }
    return p;
  }

  /** Records the data root and the hash of each file. */
  public Provenance data(Path dataRoot, List<Path> files) throws IOException {
    root.put("dataRoot", dataRoot.toAbsolutePath().normalize().toString());
    ArrayNode arr = root.putArray("dataFiles");
    for (Path f : files) {
      ObjectNode o = arr.addObject();
      o.put("path", dataRoot.toAbsolutePath().normalize().relativize(
          f.toAbsolutePath().normalize()).toString());
      o.put("sha256", sha256(f));
    }
    return this;
  }

  /** Adds or replaces one field. */
  public Provenance put(String key, String value) {
    root.put(key, value);
    return this;
  }

  /** Adds or replaces one field holding a tree. */
  public Provenance put(String key, JsonNode value) {
    root.set(key, value);
    return this;
  }

  /** Stamps the end time and writes the file atomically. */
  public void finish(Path file) throws IOException {
    root.put("ended", Instant.now().toString());
    write(file);
  }

  /** Writes the file atomically without an end time. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, JSON.writeValueAsString(root));
  }

  /** The record as a tree. */
  public ObjectNode tree() {
    return root;
  }

  /** SHA-256 of a file, hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The commit of the working directory's git checkout, or "unknown". */
  public static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
            .redirectErrorStream(true).start();
        String dirty = new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        d.waitFor(10, TimeUnit.SECONDS);
        return dirty.isBlank() ? out : out + "-dirty";
      }
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
