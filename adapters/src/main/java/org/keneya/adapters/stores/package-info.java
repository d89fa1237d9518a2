/**
 * The persistence the services use, as ports: {@link org.keneya.adapters.stores.HouseholdStore},
 * {@link org.keneya.adapters.stores.PaymentStore} and {@link org.keneya.adapters.stores.OutboxStore}.
 * Each has its PostgreSQL implementation ({@code pg}) and one in memory ({@code memory}) for service
 * tests that need no database; one contract suite per port runs against both.
 *
 * <p>These ports answer with Vert.x {@link io.vertx.core.Future}s, not with the
 * {@link java.util.concurrent.CompletionStage}s of the core's ports, and so live here rather than in
 * {@code flows.ports}. Every caller of these stores is Vert.x code chaining Futures: the services, and
 * routes, jobs and other stores calling the same methods of the PostgreSQL classes, sometimes inside a
 * transaction of their own ({@code PgPayments.confirmWithin} books a cash deposit within the deposit's
 * transaction). CompletionStage ports would have put a {@code Future.fromCompletionStage} around every
 * call in the services, or had each PostgreSQL class answer every read twice, once in each type. The
 * records the ports carry are plain data and live in {@code flows}.
 */
package org.keneya.adapters.stores;
