package org.medcl.tools.train;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Graceful stop on SIGINT or SIGTERM: the first signal asks the training loop to stop at the end
 * of the current step (it then writes {@code last} and the reports and exits 0); a second signal
 * halts the JVM at once with status 130.
 */
public final class StopSignal {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

  private final AtomicInteger count = new AtomicInteger();

  private StopSignal() {}

  /** Installs handlers for INT and TERM and returns the shared flag. */
  public static StopSignal install() {
    StopSignal stop = new StopSignal();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> stop.onSignal(name));
      } catch (IllegalArgumentException e) {
        LOG.warn("cannot handle SIG{} here ({}); stopping early needs SIGKILL", name,
            e.getMessage());
      }
    }
    return stop;
  }

  /** A flag that no signal sets, for tests and embedded use. */
  public static StopSignal none() {
    return new StopSignal();
  }

  private void onSignal(String name) {
    if (count.incrementAndGet() == 1) {
      LOG.info("SIG{} received: stopping after the current step (again to exit at once)", name);
    } else {
      LOG.info("second SIG{}: exiting now", name);
      Runtime.getRuntime().halt(130);
    }
  }

  /** Asks the loop to stop, as the first signal does. */
  public void request() {
    count.compareAndSet(0, 1);
  }

  /** True once a stop was asked for. */
  public boolean requested() {
    return count.get() > 0;
  }
}
