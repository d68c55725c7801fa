package org.medcl.graphs.distributed.impl;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * The devices a session sees ({@code TF_SessionListDevices} of the C API; the native session
 * handle is reached by reflection, as TensorFlow Java 1.1.0 has no public device list), and the
 * check that every requested device is among them.
 */
public final class SessionDevices {
  private SessionDevices() {}

  /** Full names such as {@code /job:localhost/replica:0/task:0/device:CPU:0}. */
  public static List<String> visible(Session session) {
    TF_Session s;
    try {
      Field handle = Session.class.getDeclaredField("nativeHandle");
      handle.setAccessible(true);
      s = (TF_Session) handle.get(session);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this TensorFlow Java version does not expose the"
          + " session handle used to list devices (" + e + ")", e);
    }
    List<String> out = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_DeviceList list = tensorflow.TF_SessionListDevices(s, status);
      status.throwExceptionIfNotOK();
      try {
        for (int i = 0; i < tensorflow.TF_DeviceListCount(list); i++) {
          out.add(tensorflow.TF_DeviceListName(list, i, status).getString());
          status.throwExceptionIfNotOK();
        }
      } finally {
        tensorflow.TF_DeleteDeviceList(list);
      }
    }
    return out;
  }

  /**
   * The first of {@code requested} that none of {@code visible} names, or null. A request
   * without a job ({@code /device:GPU:1}) matches any job; {@code /replica:N} is ignored.
   */
  public static String missing(List<String> requested, List<String> visible) {
    List<String> seen = new ArrayList<>();
    for (String v : visible) {
      seen.add(v.replaceAll("/replica:\\d+", ""));
    }
    for (String r : requested) {
      String want = r.replaceAll("/replica:\\d+", "");
      boolean found = seen.stream().anyMatch(v -> want.startsWith("/job:") ? v.equals(want)
          : v.endsWith(want));
      if (!found) {
        return r;
      }
    }
    return null;
  }
}
