package org.medcl.graphs.distributed.impl;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens a {@link Session} on a graph against a TensorFlow server ({@code grpc://host:port}).
 *
 * <p>TensorFlow Java 1.1.0 has no public way to give a session a target (its private
 * {@code Session.allocate} takes one and ignores it). This class does what {@code allocate}
 * does, plus the C API's {@code TF_SetTarget} on the session options, and wraps the native
 * session with {@code Session}'s package-private constructor; the graph's native handle and
 * that constructor are reached by reflection.
 * TODO: replace the reflection by a public API once TensorFlow Java offers a session target;
 * it may break on any TensorFlow Java upgrade (the multi-worker test would show it).
 */
public final class RemoteSession {
  private RemoteSession() {}

  /** A session on {@code graph} whose runs go to {@code target}; not yet initialised. */
  public static Session open(Graph graph, String target, ConfigProto config) {
    TF_Graph g;
    Constructor<Session> make;
    try {
      Field handle = Graph.class.getDeclaredField("nativeHandle");
      handle.setAccessible(true);
      g = (TF_Graph) handle.get(graph);
      make = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
      make.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this TensorFlow Java version does not expose the"
          + " internals used to open a session on a target (" + e + ")", e);
    }
    TF_Session session;
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      BytePointer bytes = new BytePointer(config.toByteArray());
      tensorflow.TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      tensorflow.TF_SetTarget(options, target);
      session = TF_Session.newSession(g, options, status);
      status.throwExceptionIfNotOK();
      session.retainReference();
    }
    try {
      return make.newInstance(graph, session);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot wrap the session on " + target + " (" + e + ")",
          e);
    }
  }
}
