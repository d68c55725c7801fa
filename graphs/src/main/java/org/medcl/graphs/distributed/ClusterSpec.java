package org.medcl.graphs.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * The workers of a multi-worker run, as listed in {@code cluster.json}:
 * {@code {"workers": ["host0:2222", "host1:2222"]}}. Task 0 is the chief: it builds the graph,
 * holds the variables and is the only process that writes checkpoints, logs and metrics;
 * replica {@code i} runs on {@code /job:worker/task:i/device:CPU:0}.
 *
 * @param workers {@code host:port} of every task, task order
 */
public record ClusterSpec(List<String> workers) {
  /** The job name of every task. */
  public static final String JOB = "worker";

  /** Validates and copies the list. */
  public ClusterSpec {
    if (workers == null || workers.isEmpty()) {
      throw new IllegalArgumentException("expected at least one worker, found none");
    }
    workers = List.copyOf(workers);
    for (String w : workers) {
      if (!w.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
        throw new IllegalArgumentException("expected host:port, found '" + w + "'");
      }
    }
  }

  /** Reads {@code cluster.json}. */
  public static ClusterSpec read(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read cluster file " + file + ": " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("workers");
    if (list == null || !list.isArray()) {
      throw new IOException("cluster file " + file + " has no \"workers\" array of host:port");
    }
    List<String> w = new ArrayList<>();
    list.forEach(n -> w.add(n.asText()));
    try {
      return new ClusterSpec(w);
    } catch (IllegalArgumentException e) {
      throw new IOException("cluster file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Tasks. */
  public int size() {
    return workers.size();
  }

  /** Checks a task index. */
  public void checkTask(int task) {
    if (task < 0 || task >= workers.size()) {
      throw new IllegalArgumentException("task must be in [0, " + workers.size() + "), found "
          + task);
    }
  }

  /** The session target of {@code task}'s server, {@code grpc://host:port}. */
  public String target(int task) {
    checkTask(task);
    return "grpc://" + workers.get(task);
  }

  /** One replica per task on its first CPU, default settings. */
  public MirroredConfig mirrored() {
    List<String> d = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      d.add("/job:" + JOB + "/task:" + i + "/device:CPU:0");
    }
    return new MirroredConfig(d, BatchNormSync.DEFAULT, BatchTerms.DEFAULT);
  }

  /** The server definition of {@code task}; {@code session} becomes its default config. */
  public ServerDef serverDef(int task, ConfigProto session) {
    checkTask(task);
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < workers.size(); i++) {
      job.putTasks(i, workers.get(i));
    }
    return ServerDef.newBuilder().setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(JOB).setTaskIndex(task).setProtocol("grpc").setDefaultSessionConfig(session)
        .build();
  }
}
