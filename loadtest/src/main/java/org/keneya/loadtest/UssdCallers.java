package org.keneya.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A fixed number of virtual callers, each dialling one USSD session after another as Africa's
 * Talking would relay them: a rights check (3 hops) or a payment for the whole household (4 or 5
 * hops, depending on whether the menu asks whom to pay for). Every answer is checked; a session
 * whose answer is not the expected screen is abandoned and counted as an error.
 *
 * <p>A closed loop: a caller sends its next hop as soon as the previous answer arrives, so latency
 * figures are service times under this concurrency, not under a fixed arrival rate. All callers run
 * on one event loop of the load generator's own Vert.x, apart from the gateway's.
 */
final class UssdCallers {
  /** The aggregator gives up on a hop after about 10 s; so does a caller. */
  private static final long HOP_TIMEOUT_MILLIS = 10_000;
  private static final Pattern DATE = Pattern.compile("\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}");

  private final Context context;
  private final HttpClient client;
  private final int port;
  private final HouseholdRegister households;
  private final String runId;
  private final double paymentShare;
  private final Random random;

  private final Measurements warmUp = new Measurements();
  private final Measurements measured = new Measurements();
  private final Measurements drain = new Measurements();
  private long measureFrom;
  private long stopAt;
  private long startedAt;
  private long sessionSequence;
  private long paymentsRequested;
  private long payersExhaustedAt = -1;
  private int running;
  private Promise<Outcome> finished;

  /** What the run saw: the measured window, and whole-run totals the receipt audit needs. */
  record Outcome(Measurements measured, double measuredSeconds, long paymentsRequestedWholeRun, long errorsWholeRun,
      double payersExhaustedAfterSeconds) {}

  UssdCallers(Context context, HttpClient client, int port, HouseholdRegister households, String runId, double paymentShare, long seed) {
    this.context = context;
    this.client = client;
    this.port = port;
    this.households = households;
    this.runId = runId;
    this.paymentShare = paymentShare;
    this.random = new Random(seed);
  }

  /**
   * Runs {@code concurrency} callers for {@code warmUpSeconds} then {@code measuredSeconds}; sessions
   * under way at the end are finished (so that every payment asked is a complete session) but their
   * hops are not measured.
   */
  Future<Outcome> run(int concurrency, int warmUpSeconds, int measuredSeconds) {
    Promise<Outcome> promise = Promise.promise();
    context.runOnContext(v -> {
      finished = promise;
      startedAt = System.nanoTime();
      measureFrom = startedAt + TimeUnit.SECONDS.toNanos(warmUpSeconds);
      stopAt = measureFrom + TimeUnit.SECONDS.toNanos(measuredSeconds);
      running = concurrency;
      for (int i = 0; i < concurrency; i++) nextSession();
    });
    return promise.future();
  }

  private Measurements window(long now) {
    if (now < measureFrom) return warmUp;
    return now < stopAt ? measured : drain;
  }

  private void nextSession() {
    long now = System.nanoTime();
    if (now >= stopAt) {
      if (--running == 0) complete();
      return;
    }
    Future<Void> session;
    int payer = random.nextDouble() < paymentShare ? households.takeUnpaid() : -1;
    if (payer >= 0) {
      session = paymentSession(payer).eventually(() -> release(payer));
    } else {
      if (payersExhaustedAt < 0 && !households.unpaidLeft()) payersExhaustedAt = now;
      int household = households.takeIdle(random);
      if (household < 0) {
        // Every household is in a session: more callers than households. Wait a little.
        context.owner().setTimer(1, t -> nextSession());
        return;
      }
      session = rightsSession(household).eventually(() -> release(household));
    }
    // A new event loop task for the next session: a session that failed at once must not recurse.
    session.onComplete(x -> context.runOnContext(v -> nextSession()));
  }

  private Future<Void> release(int household) {
    households.release(household);
    return Future.succeededFuture();
  }

  private void complete() {
    double seconds = (stopAt - measureFrom) / 1e9;
    long errors = warmUp.errors() + measured.errors() + drain.errors();
    double exhausted = payersExhaustedAt < 0 ? -1 : (payersExhaustedAt - startedAt) / 1e9;
    finished.complete(new Outcome(measured, seconds, paymentsRequested, errors, exhausted));
  }

  private Future<Void> rightsSession(int household) {
    Session session = new Session(households.phoneNumber(household));
    return session.hop(Step.DIAL, "", true, text -> text.contains("1."), "the language menu")
        .compose(x -> session.hop(Step.MAIN_MENU, "1", true, text -> text.contains("Foyer"), "the main menu with 'Foyer'"))
        .compose(x -> session.hop(Step.RIGHTS, "1*2", null,
            text -> text.toLowerCase(Locale.ROOT).contains("droits") || DATE.matcher(text).find(), "the rights screen"))
        .<Void>mapEmpty()
        .onSuccess(x -> window(System.nanoTime()).rightsSessionDone())
        .recover(this::abandoned);
  }

  private Future<Void> paymentSession(int household) {
    Session session = new Session(households.phoneNumber(household));
    return session.hop(Step.DIAL, "", true, text -> text.contains("1."), "the language menu")
        .compose(x -> session.hop(Step.MAIN_MENU, "1", true, text -> text.contains("Foyer"), "the main menu with 'Foyer'"))
        .compose(x -> session.hop(Step.PAY_MENU, "1*1", true,
            text -> text.contains("Total") || text.contains("Payer pour"), "whom to pay for, or the confirmation with 'Total'"))
        .compose(payMenu -> payMenu.contains("Payer pour")
            // The menu asks whom to pay for: the whole household, then confirm.
            ? session.hop(Step.PAY_WHOLE_HOUSEHOLD, "1*1*1", true, text -> text.contains("Total"), "the confirmation with 'Total'")
                .compose(x -> session.hop(Step.PAY_CONFIRM, "1*1*1*1", false, text -> text.contains("demandé"), "'Paiement ... demandé'"))
            // Older menu: 1*1 is already the confirmation.
            : session.hop(Step.PAY_CONFIRM, "1*1*1", false, text -> text.contains("demandé"), "'Paiement ... demandé'"))
        .<Void>mapEmpty()
        .onSuccess(x -> {
          paymentsRequested++;
          Measurements window = window(System.nanoTime());
          window.paymentRequested();
          window.paymentSessionDone();
        })
        .recover(this::abandoned);
  }

  private Future<Void> abandoned(Throwable e) {
    Measurements window = window(System.nanoTime());
    window.sessionFailed();
    if (!(e instanceof UnexpectedAnswer)) window.error("transport: " + e);
    return Future.succeededFuture();
  }

  /** One USSD session: its aggregator session id and caller. */
  private final class Session {
    private final String id = "lt" + runId + "-" + (++sessionSequence);
    private final String phoneNumber;

    Session(String phoneNumber) {
      this.phoneNumber = phoneNumber;
    }

    /**
     * Sends {@code text} (every input so far, joined by '*') and checks the answer.
     *
     * @param continues true if the answer must be CON, false if END, null if either will do
     */
    Future<String> hop(Step step, String text, Boolean continues, Predicate<String> expected, String expectation) {
      Buffer body = Buffer.buffer("sessionId=" + id + "&serviceCode=%2A144%23&phoneNumber=" + encode(phoneNumber)
          + "&networkCode=61001&text=" + encode(text));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
          .setURI("/ussd/at").setIdleTimeout(HOP_TIMEOUT_MILLIS)
          .putHeader("Content-Type", "application/x-www-form-urlencoded");
      long sent = System.nanoTime();
      return client.request(request)
          .compose(r -> r.send(body))
          .compose(response -> response.body().map(answer -> {
            long received = System.nanoTime();
            Measurements window = window(received);
            window.hop(step, TimeUnit.NANOSECONDS.toMicros(received - sent));
            String screen = answer.toString(StandardCharsets.UTF_8);
            String problem = problem(response.statusCode(), screen, continues, expected, expectation);
            if (problem != null) {
              window.error(step.label + " (text '" + text + "'): " + problem);
              throw new UnexpectedAnswer();
            }
            return screen.substring(4);
          }));
    }
  }

  /** Why an answer is not the expected screen, or null when it is. */
  static String problem(int status, String answer, Boolean continues, Predicate<String> expected, String expectation) {
    if (status != 200) return "HTTP " + status + ": " + abbreviate(answer);
    boolean con = answer.startsWith("CON ");
    boolean end = answer.startsWith("END ");
    if (!con && !end) return "neither CON nor END: " + abbreviate(answer);
    if (continues != null && continues && !con) return "expected CON, got " + abbreviate(answer);
    if (continues != null && !continues && !end) return "expected END, got " + abbreviate(answer);
    if (!expected.test(answer.substring(4))) return "expected " + expectation + ", got " + abbreviate(answer);
    return null;
  }

  private static String abbreviate(String answer) {
    String flat = answer.replace('\n', '|');
    return "'" + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat) + "'";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The answer was recorded as an error already; the session stops here. */
  private static final class UnexpectedAnswer extends RuntimeException {
    UnexpectedAnswer() {
      super(null, null, false, false);
    }
  }
}
