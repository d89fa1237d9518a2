/**
 * The persistence the services use, as ports: each has its PostgreSQL implementation ({@code pg}) and
 * one in memory ({@code memory}) for fast service tests, and one contract suite runs against both.
 *
 * <p>These ports speak Vert.x {@link io.vertx.core.Future}, not {@link java.util.concurrent.CompletionStage}
 * as the core's ports do, and so live here rather than in {@code flows.ports}. Every caller of these
 * stores is Vert.x code chaining Futures (the services, and routes and jobs outside them calling the same
 * methods of the PostgreSQL classes), and the PostgreSQL classes also take part in transactions of their
 * callers ({@code PgPayments.confirmWithin}, a reversal's outbox insert). CompletionStage ports would have
 * meant either a wrapping {@code Future.fromCompletionStage} around every call in the services, or each
 * PostgreSQL class answering twice, in both types. The records the ports carry are plain data and live in
 * {@code flows}.
 */
package org.keneya.adapters.stores;
