/**
 * The persistence ports of {@code stores} in this process's memory, for service tests that need no
 * database. They share one {@link org.keneya.adapters.memory.InMemoryTables}, as the PostgreSQL stores
 * share one database, and keep the same promises: the contract suites run against both.
 */
package org.keneya.adapters.memory;
