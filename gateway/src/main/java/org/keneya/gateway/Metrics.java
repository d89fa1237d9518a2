package org.keneya.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The counters an operator watches, all named {@code keneya_*} in the Prometheus scrape at /metrics. */
public final class Metrics {
  private final MeterRegistry registry;

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** outcome: continue, end, resent, unavailable, bad_request. */
  public void ussdHop(String outcome) {
    Counter.builder("keneya_ussd_hops").tag("outcome", outcome).register(registry).increment();
  }

  public Timer ussdHopTimer() {
    return Timer.builder("keneya_ussd_hop_latency").publishPercentiles(0.5, 0.95, 0.99).register(registry);
  }

  /** outcome: requested, request_failed, confirmed, already_confirmed, failed, expired, review. */
  public void payment(String provider, String outcome) {
    Counter.builder("keneya_payments").tag("provider", provider).tag("outcome", outcome).register(registry).increment();
  }

  /** outcome: verified, unknown_payment, verification_failed. */
  public void callback(String provider, String outcome) {
    Counter.builder("keneya_callbacks").tag("provider", provider).tag("outcome", outcome).register(registry).increment();
  }

  /** outcome: sent, retry, failed. */
  public void sms(String outcome) {
    Counter.builder("keneya_sms").tag("outcome", outcome).register(registry).increment();
  }
}
