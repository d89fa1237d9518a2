package org.keneya.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters an operator watches, all named {@code keneya_*} in the Prometheus scrape at /metrics.
 * Meters are built once and kept: building one on every hop cost a noticeable share of a hop's CPU.
 */
public final class Metrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer ussdHopTimer;

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    this.ussdHopTimer = Timer.builder("keneya_ussd_hop_latency").publishPercentiles(0.5, 0.95, 0.99).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * outcome: continue, end, resent, unavailable, rate_limited, bad_request, closed_by_network,
   * session_hijack (a hop naming another number than the one that opened its session), pin_over_get.
   */
  public void ussdHop(String outcome) {
    count("keneya_ussd_hops", "outcome", outcome);
  }

  public Timer ussdHopTimer() {
    return ussdHopTimer;
  }

  /**
   * outcome: initiated, requested, confirmed, already_confirmed, failed, expired, review,
   * refused_already_open, booked_by_reconciliation.
   */
  public void payment(String provider, String outcome) {
    count("keneya_payments", "provider", provider, "outcome", outcome);
  }

  /**
   * A payment step that went wrong. stage: request, status, payment; reason: refused, timeout,
   * unavailable, not_called (circuit open or bulkhead full), declined (by the member or wallet), error.
   */
  public void paymentFailure(String provider, String stage, String reason) {
    count("keneya_payment_failures", "provider", provider, "stage", stage, "reason", reason);
  }

  /** outcome: verified, forged, malformed, ignored, duplicate, unknown_payment, verification_failed. */
  public void callback(String provider, String outcome) {
    count("keneya_callbacks", "provider", provider, "outcome", outcome);
  }

  /**
   * A request refused at the edge before any handler. where: the route group (ussd, sms, path);
   * reason: no_credentials, bad_credentials, address_not_allowed, not_normal_form, multipart.
   */
  public void edgeRefusal(String where, String reason) {
    count("keneya_edge_refusals", "where", where, "reason", reason);
  }

  /** A household told of a rights change; transition: opened, grace_started, suspended, reopened. */
  public void rightsNotice(String transition) {
    count("keneya_rights_notices", "transition", transition);
  }

  /** A PIN typed by USSD; kind: collector, centre; outcome: passed, wrong, delayed (refused unchecked), delays_started. */
  public void pinCheck(String kind, String outcome) {
    count("keneya_pin_checks", "kind", kind, "outcome", outcome);
  }

  /** A health centre's rights check; outcome: checked, unknown_member, unauthorized. */
  public void rightsCheck(String outcome) {
    count("keneya_rights_checks", "outcome", outcome);
  }

  /**
   * An SMS a member sent us; outcome: the command (rights, receipts, balance, help, stop, start, language, unknown),
   * unknown_number, unknown_number_again (not answered: one answer a day), rate_limited, refused_origin (a number our
   * SMS may not go to: not answered).
   */
  public void inboundSms(String outcome) {
    count("keneya_inbound_sms", "outcome", outcome);
  }

  /** A delivery report; status: the network's (success, failed, rejected, buffered, ...), unknown_message, redelivery_queued. */
  public void smsDelivery(String status) {
    count("keneya_sms_delivery", "status", status);
  }

  /** What an SMS cost in parts (each part is paid), by encoding: gsm7 (160 a part, 153 when split) or ucs2 (70, 67). */
  public void smsParts(String encoding, int parts) {
    counters.computeIfAbsent("keneya_sms_parts" + encoding, k -> Counter.builder("keneya_sms_parts").tags("encoding", encoding)
        .register(registry)).increment(parts);
  }

  /** A reminder chosen for a household; outcome: queued, held (weekly cap), already (chosen before: a run taken over). */
  public void reminder(String kind, String outcome) {
    count("keneya_reminders", "kind", kind, "outcome", outcome);
  }

  /**
   * outcome: sent, retry, failed, cancelled (a reminder whose household paid before it left),
   * refused_destination (a number outside the deployment's countries and wallets: never sent),
   * held_budget (over the hourly budget: waits for the next hour).
   */
  public void sms(String outcome) {
    count("keneya_sms", "outcome", outcome);
  }

  /** The hourly SMS budget ({@code sms.maxPerHour}) was reached: counted once an hour, whichever instance reached it. */
  public void smsBudgetReached() {
    count("keneya_sms_budget_reached");
  }

  private void count(String name, String... tags) {
    counters.computeIfAbsent(name + String.join(",", tags), k -> Counter.builder(name).tags(tags).register(registry)).increment();
  }
}
