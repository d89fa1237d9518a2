package org.keneya.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's background work, deployed once per process however many event loops serve HTTP:
 * each job runs on its own period, one round at a time on this verticle's event loop. Processes that
 * run side by side claim their work in the database, so that nothing is done twice.
 */
final class BackgroundJobs extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
  /** Where anyone asks for a round of the {@code soon} job now rather than at its next period (a receipt was booked). */
  static final String SOON = "keneya.jobs.soon";
  /** Asks made within this long of each other share one round. */
  private static final long SOON_WITHIN_MILLIS = 100;

  /** @param name what the log calls a round of it ("outbox round") */
  record Job(String name, long everyMillis, Supplier<Future<?>> round) {}

  private final Job soon;
  private final List<Job> others;
  private boolean soonScheduled;

  /** @param soon the job that also runs when asked at {@link #SOON} */
  BackgroundJobs(Job soon, List<Job> others) {
    this.soon = soon;
    this.others = others;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(soon.everyMillis(), soon.everyMillis(), t -> run(soon));
    for (Job job : others) vertx.setPeriodic(job.everyMillis(), job.everyMillis(), t -> run(job));
    return vertx.eventBus().<Void>localConsumer(SOON, ask -> {
      if (soonScheduled) return;
      soonScheduled = true;
      vertx.setTimer(SOON_WITHIN_MILLIS, t -> {
        soonScheduled = false;
        run(soon);
      });
    }).completion();
  }

  private static void run(Job job) {
    job.round().get().onFailure(e -> LOG.warn("{} failed: {}", job.name(), e.toString()));
  }
}
