package org.keneya.flows.retry;

/**
 * How long to wait before trying again: {@code first} after the first failure, multiplied by
 * {@code factor} after each further one, never more than {@code cap}. In whatever unit the caller
 * counts (seconds for outbox rows and status checks, milliseconds for calls and binds). Pure, so
 * that every retry policy of the gateway can be read and tested here.
 */
public record Backoff(long first, int factor, long cap) {
  public Backoff {
    if (first < 0 || factor < 1 || cap < first) {
      throw new IllegalArgumentException("a backoff needs 0 <= first <= cap and a factor of at least 1: " + first + ", " + factor + ", " + cap);
    }
  }

  /** {@code first}, doubling, at most {@code cap}. */
  public static Backoff doubling(long first, long cap) {
    return new Backoff(first, 2, cap);
  }

  /**
   * The wait after {@code retried} earlier retries (0: the first wait). Saturates at {@code cap}
   * instead of overflowing, however many retries there were.
   */
  public long delay(int retried) {
    if (retried < 0) throw new IllegalArgumentException("retries are counted from 0: " + retried);
    if (first == 0 || factor == 1) return first;
    long delay = first;
    for (int i = 0; i < retried && delay < cap; i++) {
      delay = delay > cap / factor ? cap : delay * factor;
    }
    return Math.min(delay, cap);
  }
}
