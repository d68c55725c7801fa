package org.medcl.tools.train;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.medcl.graphs.ThreadSettings;
import org.medcl.graphs.distributed.ClusterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Server;
import org.tensorflow.proto.ConfigProto;

/**
 * This process's part in a multi-worker run ({@code medcl train --cluster FILE --task K}): the
 * cluster file, the task index and the bound on every run. Task 0 is the chief: it trains, with
 * one replica of the mirrored step per task, and is the only task that writes anything; the
 * other tasks only serve their part of the graph.
 *
 * <p>The TensorFlow {@link Server} of a task is not closed: {@code Server.close()} calls
 * {@code stop()}, which throws "Clean shutdown is not currently implemented" in TensorFlow Java
 * 1.1.0, so a server lives until its process exits.
 *
 * @param file the cluster file as given
 * @param spec its workers
 * @param task this process's index in {@code spec}
 * @param timeoutMs bound of every run of the chief's session, {@code operation_timeout_in_ms}
 */
public record ClusterTask(Path file, ClusterSpec spec, int task, long timeoutMs) {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTask.class);

  /** Validates the fields. */
  public ClusterTask {
    if (file == null || spec == null) {
      throw new IllegalArgumentException("cluster file and spec must not be null");
    }
    if (task < 0 || task >= spec.size()) {
      throw new IllegalArgumentException(outOfRange(file, spec, task));
    }
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("worker timeout must be at least 1 ms, found "
          + timeoutMs);
    }
  }

  /**
   * Reads {@code file} and checks {@code task} against it.
   *
   * @throws IOException the file is missing or is no cluster file (the message names it)
   * @throws IllegalArgumentException {@code task} is not a task of the file
   */
  public static ClusterTask read(Path file, int task, long timeoutMs) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("cluster file " + file + " not found (expected JSON such as "
          + "{\"workers\": [\"host0:2222\", \"host1:2222\"]})");
    }
    return new ClusterTask(file, ClusterSpec.read(file), task, timeoutMs);
  }

  /** The message for a task index outside the cluster. */
  static String outOfRange(Path file, ClusterSpec spec, int task) {
    return "--task " + task + " is not a task of cluster file " + file + ": it lists "
        + spec.size() + " worker" + (spec.size() == 1 ? "" : "s") + ", so the task is 0 to "
        + (spec.size() - 1) + " (0 is the chief)";
  }

  /** True for task 0, which trains and writes. */
  public boolean chief() {
    return task == 0;
  }

  /** {@code host:port} of this task. */
  public String address() {
    return spec.workers().get(task);
  }

  /** The tasks as {@code task 0 = host:port (chief), task 1 = host:port, ...}. */
  public String describeTasks() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      parts.add("task " + i + " = " + spec.workers().get(i) + (i == 0 ? " (chief)" : ""));
    }
    return String.join(", ", parts);
  }

  /**
   * Starts this task's server with {@code threads} as the default session configuration of
   * its runs and the run bound; it serves until the process exits.
   */
  public Server startServer(ThreadSettings threads) {
    // per-session pools are refused by the distributed runtime: the server's pools are used
    ConfigProto session = threads.toConfigProto().toBuilder().setUsePerSessionThreads(false)
        .setOperationTimeoutInMs(timeoutMs).build();
    Server server = new Server(spec.serverDef(task, session));
    server.start();
    LOG.info("cluster server started task={} address={} tasks={} cluster={}", task, address(),
        spec.size(), file);
    return server;
  }

  /** Serves a non-chief task until the process is killed. */
  public void serve(Server server) {
    LOG.info("task {} of {} serves the chief (task 0, {}) until it is killed; it loads no "
        + "data and writes nothing", task, file, spec.workers().get(0));
    server.join();
  }

  /**
   * Runs {@code action} (the build of the chief's step graph and session) while a watchdog
   * checks every half second that each other task accepts TCP connections at its address. A
   * task that does not for longer than the worker timeout ends the process with status 1 after
   * an ERROR naming it: TensorFlow's session creation waits for every worker without a bound
   * (it logs "CreateSession still waiting for response from worker" every 10 s), and the run
   * timeout does not apply to it.
   */
  public <T> T whileWorkersAnswer(String what, Supplier<T> action) {
    AtomicBoolean done = new AtomicBoolean();
    Thread watchdog = new Thread(() -> watch(what, done), "cluster-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      return action.get();
    } finally {
      done.set(true);
      watchdog.interrupt();
    }
  }

  private void watch(String what, AtomicBoolean done) {
    long[] lastSeen = new long[spec.size()];
    Arrays.fill(lastSeen, System.nanoTime());
    while (!done.get()) {
      for (int i = 0; i < spec.size() && !done.get(); i++) {
        if (i == task) {
          continue;
        }
        if (accepts(spec.workers().get(i))) {
          lastSeen[i] = System.nanoTime();
        } else if ((System.nanoTime() - lastSeen[i]) / 1_000_000 > timeoutMs && !done.get()) {
          LOG.error("{} failed on cluster {} [{}]: task {} ({}) has not accepted connections for"
              + " {} s (not started, stopped, or unreachable); the chief gives up", what, file,
              describeTasks(), i, spec.workers().get(i), timeoutMs / 1000.0);
          System.exit(1);
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** True when {@code hostPort} accepts a TCP connection within a second. */
  static boolean accepts(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Logs the ERROR of a failed run on the cluster and returns the exception to throw: it names
   * the cluster's tasks and TensorFlow's message (which names the task that failed, as
   * {@code /job:worker/replica:0/task:K}).
   */
  public IllegalStateException failure(String what, RuntimeException cause) {
    String message = what + " failed on cluster " + file + " [" + describeTasks() + "]: "
        + oneLine(cause.getMessage()) + " (a worker task stopped or cannot be reached within"
        + " the worker timeout of " + timeoutMs / 1000.0 + " s; the chief gives up)";
    LOG.error(message);
    return new IllegalStateException(message, cause);
  }

  /** TensorFlow's message on one line, at most 400 characters. */
  private static String oneLine(String s) {
    if (s == null || s.isBlank()) {
      return "no message";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= 400 ? t : t.substring(0, 400) + "...";
  }
}
