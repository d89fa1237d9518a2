package org.keneya.gateway.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keneya.adapters.MovableClock;
import org.keneya.adapters.memory.InMemoryHouseholds;
import org.keneya.adapters.memory.InMemoryOutbox;
import org.keneya.adapters.memory.InMemoryPayments;
import org.keneya.adapters.memory.InMemoryTables;
import org.keneya.config.ConfigLoader;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

/**
 * The in-memory stores over one set of tables, on a clock the test moves: a service's persistence
 * without a database, for tests that run in milliseconds. The stores keep the promises of the
 * PostgreSQL ones (the contract suites check both).
 */
public final class MemoryStores {
  public static final KeneyaConfig CONFIG = ConfigLoader.load(null, Map.of());
  public static final Messages MESSAGES = new Messages(MessageCatalogues.loadShipped());

  public final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
  public final InMemoryTables tables = new InMemoryTables(CONFIG, clock);
  public final InMemoryHouseholds households = new InMemoryHouseholds(tables);
  public final InMemoryPayments payments = new InMemoryPayments(tables, MESSAGES);
  public final InMemoryOutbox outbox = new InMemoryOutbox(tables);

  /** A household of the Mopti mutual, its head calling from {@code head}, with {@code dependants} more persons. */
  public HouseholdRecord.Created enrol(String head, int dependants) {
    List<NewHousehold.NewMember> others = new ArrayList<>();
    for (int i = 1; i <= dependants; i++) others.add(new NewHousehold.NewMember("Enfant " + i, 2015 + i));
    return households.enrol(new NewHousehold("mopti-cercle", "konna", "mopti-annual", null, "Mariam Diallo", 1980, head, "fr", others),
        new Msisdn(head), LocalDate.now(clock).minusMonths(1));
  }
}
