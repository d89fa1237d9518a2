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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A fixed number of virtual callers, each dialling one USSD session after another as Africa's
 * Talking would relay them: a rights check (3 hops) or a payment for the whole household (4 to 6
 * hops: the payment screens are answered as they come, whom to pay for, months, wallet,
 * confirmation). Every answer is checked; a session whose answer is not the expected screen is
 * abandoned and counted as an error.
 *
 * <p>A closed loop: a caller sends its next hop as soon as the previous answer arrives, so latency
 * figures are service times under this concurrency, not under a fixed arrival rate. All callers run
 * on one event loop of the load generator's own Vert.x, apart from the gateway's.
 */
final class UssdCallers {
  /** The aggregator gives up on a hop after about 10 s; so does a caller. */
  private static final long HOP_TIMEOUT_MILLIS = 10_000;
  private static final Pattern DATE = Pattern.compile("\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}");
  private static final Predicate<String> MAIN_MENU = screen -> screen.contains("Foyer");
  private static final Predicate<String> RIGHTS =
      screen -> screen.toLowerCase(Locale.ROOT).contains("droits") || DATE.matcher(screen).find();
  /** Whom, months, wallet, confirmation: more would be a menu loop. */
  private static final int MAX_PAYMENT_SCREENS = 6;

  private final Context context;
  private final HttpClient client;
  private final int port;
  /** The USSD route as the aggregator registered it: its secret is the last segment. */
  private final String ussdPath;
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
      List<String> firstErrorsWholeRun, double payersExhaustedAfterSeconds) {}

  UssdCallers(Context context, HttpClient client, int port, String ussdPath, HouseholdRegister households, String runId, double paymentShare, long seed) {
    this.context = context;
    this.client = client;
    this.port = port;
    this.ussdPath = ussdPath;
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
    List<String> firstErrors = new ArrayList<>();
    for (Measurements window : List.of(warmUp, measured, drain)) firstErrors.addAll(window.errorSamples());
    finished.complete(new Outcome(measured, seconds, paymentsRequested, errors,
        List.copyOf(firstErrors.subList(0, Math.min(Measurements.ERROR_SAMPLES, firstErrors.size()))), exhausted));
  }

  private Future<Void> rightsSession(int household) {
    Session session = new Session(households.phoneNumber(household));
    return session.dial()
        .compose(first -> session.send(Step.MAIN_MENU, mainMenuInput(first), true, MAIN_MENU, "the main menu with 'Foyer'"))
        .compose(x -> session.send(Step.RIGHTS, "2", null, RIGHTS, "the rights screen"))
        .<Void>mapEmpty()
        .onSuccess(x -> window(System.nanoTime()).rightsSessionDone())
        .recover(this::abandoned);
  }

  private Future<Void> paymentSession(int household) {
    Session session = new Session(households.phoneNumber(household));
    return session.dial()
        .compose(first -> session.send(Step.MAIN_MENU, mainMenuInput(first), true, MAIN_MENU, "the main menu with 'Foyer'"))
        .compose(x -> session.send(Step.PAY_MENU, "1", true, screen -> paymentChoice(screen) != null,
            "whom to pay for, or the confirmation with 'Total'"))
        .compose(screen -> payThrough(session, screen, 0))
        .onSuccess(x -> {
          paymentsRequested++;
          Measurements window = window(System.nanoTime());
          window.paymentRequested();
          window.paymentSessionDone();
        })
        .recover(this::abandoned);
  }

  /**
   * Answers the payment screens as they come until the payment is requested: the menus differ by
   * product (months for a monthly one) and by deployment (a wallet menu when several are offered).
   */
  private Future<Void> payThrough(Session session, String screen, int depth) {
    PaymentChoice choice = paymentChoice(screen);
    if (depth > MAX_PAYMENT_SCREENS) {
      window(System.nanoTime()).error("payment: still no 'demandé' after " + depth + " screens, last " + abbreviate(screen));
      return Future.failedFuture(new UnexpectedAnswer());
    }
    Predicate<String> requestedOrNext = text -> text.contains("demandé") || paymentChoice(text) != null;
    return session.send(choice.step(), choice.input(), null, requestedOrNext, "'Paiement ... demandé' or the next payment screen")
        .compose(next -> {
          if (session.ended) {
            if (next.contains("demandé")) return Future.<Void>succeededFuture();
            window(System.nanoTime()).error(choice.step().label + ": session ended without 'demandé': " + abbreviate(next));
            return Future.failedFuture(new UnexpectedAnswer());
          }
          return payThrough(session, next, depth + 1);
        });
  }

  /** What a payer answers to a payment screen, or null if {@code screen} is none of them. */
  static PaymentChoice paymentChoice(String screen) {
    if (screen.contains("Payer pour")) return new PaymentChoice(Step.PAY_WHOLE_HOUSEHOLD, "1");
    if (screen.contains("Combien de mois")) return new PaymentChoice(Step.PAY_MONTHS, "12");
    if (screen.contains("Payer avec")) return new PaymentChoice(Step.PAY_WALLET, "1");
    if (screen.contains("Total")) return new PaymentChoice(Step.PAY_CONFIRM, "1");
    return null;
  }

  record PaymentChoice(Step step, String input) {}

  /** French from the language menu; a caller offered to resume a dropped payment goes to the main menu instead. */
  private static String mainMenuInput(String firstScreen) {
    return firstScreen.contains("interrompu") ? "2" : "1";
  }

  private Future<Void> abandoned(Throwable e) {
    Measurements window = window(System.nanoTime());
    window.sessionFailed();
    if (!(e instanceof UnexpectedAnswer)) window.error("transport: " + e);
    return Future.succeededFuture();
  }

  /** One USSD session: its aggregator session id, caller and inputs so far. */
  private final class Session {
    private final String id = "lt" + runId + "-" + (++sessionSequence);
    private final String phoneNumber;
    private final StringBuilder text = new StringBuilder();
    private boolean ended;

    Session(String phoneNumber) {
      this.phoneNumber = phoneNumber;
    }

    /** The first hop, with empty text: the language menu, or the offer to resume a dropped payment. */
    Future<String> dial() {
      return hop(Step.DIAL, true, screen -> screen.contains("1."), "the language menu");
    }

    /** Sends {@code input} after every earlier one, joined by '*', as Africa's Talking relays it. */
    Future<String> send(Step step, String input, Boolean continues, Predicate<String> expected, String expectation) {
      if (text.length() > 0) text.append('*');
      text.append(input);
      return hop(step, continues, expected, expectation);
    }

    /** @param continues true if the answer must be CON, false if END, null if either will do */
    private Future<String> hop(Step step, Boolean continues, Predicate<String> expected, String expectation) {
      String sentText = text.toString();
      Buffer body = Buffer.buffer("sessionId=" + id + "&serviceCode=%2A144%23&phoneNumber=" + encode(phoneNumber)
          + "&networkCode=61001&text=" + encode(sentText));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
          .setURI(ussdPath).setIdleTimeout(HOP_TIMEOUT_MILLIS)
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
              window.error(step.label + " (text '" + sentText + "'): " + problem);
              throw new UnexpectedAnswer();
            }
            ended = screen.startsWith("END ");
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
