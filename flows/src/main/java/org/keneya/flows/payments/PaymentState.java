package org.keneya.flows.payments;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a payment intent stands, and which state may follow which. Stored by its {@link #code()}
 * (the {@code payment_intent.status} column, whose CHECK constraint lists the same names).
 *
 * <p>A payment is resolved once: booked ({@link #SUCCESSFUL}) it never changes again. Until then
 * the wallet's word that the member paid the amount asked is always booked, even after we stopped
 * waiting ({@link #EXPIRED}) or were told it failed ({@link #FAILED}): the member's money left
 * their wallet. A confirmation of another amount is never booked silently: it is held in
 * {@link #REVIEW} for a person, and a later failure or expiry does not clear it.
 */
public enum PaymentState {
  /** Recorded, the wallet not yet known to have the request (it may be asked again). */
  INITIATING,
  /** The wallet accepted the request; the member's PIN is awaited. */
  PENDING,
  /** A collector's cash deposit, waiting for its member's confirmation; no wallet is asked. */
  AWAITING_MEMBER,
  /** Booked: receipt, journal entry and receipt SMS exist. */
  SUCCESSFUL,
  /** The wallet refused or reported a failure, or the member disputed the cash deposit. */
  FAILED,
  /** No answer came in time: we stopped checking, though a late success is still booked. */
  EXPIRED,
  /** Confirmed at another amount than asked: held for a person, nothing booked. */
  REVIEW;

  /** Waiting for the wallet's answer: status checks are due, and a household has at most one such payment. */
  public static final Set<PaymentState> OPEN = Collections.unmodifiableSet(EnumSet.of(INITIATING, PENDING));

  /** A change of state, allowed or not, and the domain's reason. */
  public record Transition(PaymentState from, PaymentState to, boolean allowed, String reason) {}

  /** A change the code was about to make that the table refuses: a bug in the caller. */
  public static final class IllegalTransition extends IllegalStateException {
    public IllegalTransition(Transition refused) {
      super("payment status may not go from " + refused.from() + " to " + refused.to() + ": " + refused.reason());
    }
  }

  private static final Map<PaymentState, Map<PaymentState, String>> ALLOWED = new EnumMap<>(PaymentState.class);

  static {
    allow(INITIATING, PENDING, "the wallet accepted the request");
    allow(INITIATING, SUCCESSFUL, "the wallet confirms the amount asked before its acceptance reached us");
    allow(INITIATING, REVIEW, "the wallet confirms another amount than asked: held, never booked silently");
    allow(INITIATING, FAILED, "the wallet refused the request");
    allow(INITIATING, EXPIRED, "no answer in the time allowed");

    allow(PENDING, SUCCESSFUL, "the wallet confirms the amount asked");
    allow(PENDING, REVIEW, "the wallet confirms another amount than asked: held, never booked silently");
    allow(PENDING, FAILED, "the wallet reports the payment failed");
    allow(PENDING, EXPIRED, "no answer in the time allowed");

    allow(AWAITING_MEMBER, SUCCESSFUL, "the member confirmed the cash deposit, or it was confirmed for them when no answer came");
    allow(AWAITING_MEMBER, REVIEW, "a confirmation of another amount than collected: held, never booked silently");
    allow(AWAITING_MEMBER, FAILED, "the member disputed the cash deposit");

    allow(EXPIRED, SUCCESSFUL, "a success reported after we stopped waiting is still booked: the member paid");
    allow(EXPIRED, REVIEW, "a late confirmation of another amount than asked: held, never booked silently");
    allow(EXPIRED, FAILED, "the wallet's late word that the payment failed settles it");

    allow(FAILED, SUCCESSFUL, "a success reported after a failure is still booked, once: the member paid");
    allow(FAILED, REVIEW, "a late confirmation of another amount than asked: held, never booked silently");

    allow(REVIEW, SUCCESSFUL, "the amount asked is confirmed (a statement line booked by hand, say)");
    allow(REVIEW, REVIEW, "another confirmation of another amount: still held, with its reason");
  }

  private static void allow(PaymentState from, PaymentState to, String reason) {
    ALLOWED.computeIfAbsent(from, f -> new EnumMap<>(PaymentState.class)).put(to, reason);
  }

  /** The name stored in the database. */
  public String code() {
    return name();
  }

  /** The state stored as {@code code}; an unknown name is refused (the schema allows none). */
  public static PaymentState of(String code) {
    for (PaymentState state : values()) {
      if (state.name().equals(code)) return state;
    }
    throw new IllegalArgumentException("unknown payment status '" + code + "'");
  }

  /** See {@link #OPEN}. */
  public boolean open() {
    return OPEN.contains(this);
  }

  /** Booked: the payment has its receipt. */
  public boolean booked() {
    return this == SUCCESSFUL;
  }

  /** Whether this state may become {@code next}, and why (not). */
  public Transition to(PaymentState next) {
    String reason = ALLOWED.getOrDefault(this, Map.of()).get(next);
    return reason != null ? new Transition(this, next, true, reason) : new Transition(this, next, false, refusal(next));
  }

  public boolean mayBecome(PaymentState next) {
    return to(next).allowed();
  }

  /**
   * {@code sources}, the states a change to this state is made from (a statement's
   * {@code WHERE status IN ...}), once each is checked against the table.
   *
   * @throws IllegalTransition for a source that may not become this state
   */
  public Set<PaymentState> from(PaymentState... sources) {
    Set<PaymentState> checked = EnumSet.noneOf(PaymentState.class);
    for (PaymentState source : sources) {
      Transition transition = source.to(this);
      if (!transition.allowed()) throw new IllegalTransition(transition);
      checked.add(source);
    }
    return Collections.unmodifiableSet(checked);
  }

  /** The stored names, for a statement's parameter ({@code status = ANY($n)}). */
  public static String[] codes(Collection<PaymentState> states) {
    return states.stream().sorted().map(PaymentState::code).toArray(String[]::new);
  }

  /**
   * The stored names as SQL literals ({@code 'INITIATING', 'PENDING'}), for statements that must
   * name them in their text: a partial index is used only when the query repeats its predicate.
   */
  public static String sqlList(Collection<PaymentState> states) {
    return states.stream().sorted().map(s -> "'" + s.code() + "'").collect(Collectors.joining(", "));
  }

  private String refusal(PaymentState next) {
    if (this == SUCCESSFUL) return "booked: its receipt stands, and a payment is booked once";
    if (next == this) return "already " + this + ": nothing changes";
    if (next == INITIATING) return "a payment is initiating only until its request is answered";
    if (next == AWAITING_MEMBER) return "only a cash deposit awaits its member, from its recording on";
    if (this == AWAITING_MEMBER) return "cash awaits its member, never a wallet: nothing is requested nor checked";
    if (next == PENDING) return "a payment no longer open never waits for the wallet again";
    if (next == EXPIRED) return "only a payment waiting for the wallet expires";
    if (this == REVIEW) return "held for review, it waits for a person: a failure reported now does not clear it";
    throw new IllegalStateException("no reason given for refusing " + this + " -> " + next);
  }
}
