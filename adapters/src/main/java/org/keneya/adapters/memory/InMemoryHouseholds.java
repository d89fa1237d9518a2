package org.keneya.adapters.memory;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;
import org.keneya.flows.rights.RightsPolicy;

/**
 * Households in memory: enrolled here, read as {@code PgHouseholds} reads them, with the receipts, cover
 * and open payment the {@link InMemoryPayments} of the same tables booked. Collectors' cash deposits are
 * not kept in memory: none is ever pending.
 */
public final class InMemoryHouseholds implements HouseholdStore {
  private final InMemoryTables tables;

  public InMemoryHouseholds(InMemoryTables tables) {
    this.tables = tables;
  }

  /**
   * Enrols a validated household as {@code PgHouseholds.create} does: numbered gaplessly per mutual, its
   * head "-01" and the others after. Refuses a head whose number already has a household in the mutual.
   */
  public HouseholdRecord.Created enrol(NewHousehold command, Msisdn head, LocalDate today) {
    synchronized (tables) {
      boolean taken = tables.households.values().stream()
          .anyMatch(h -> h.mutualId.equals(command.mutual()) && h.headMsisdn.equals(head.e164()));
      if (taken) throw new IllegalArgumentException("a household is already registered for " + head.masked() + " in this mutual");
      String memberNumber = tables.mutualCode(command.mutual()) + "-" + String.format("%06d", tables.nextNumber(command.mutual(), "household"));
      InMemoryTables.Household household = new InMemoryTables.Household(UUID.randomUUID(), command.mutual(), command.section(), memberNumber,
          head.e164(), command.language() == null ? "fr" : command.language(), tables.clock.instant(), command.product(),
          command.guaranteeLevel(), today);
      household.members.add(new InMemoryTables.Member(UUID.randomUUID(), memberNumber + "-01", command.headName().strip(),
          command.headBirthYear(), "HEAD", new ArrayList<>()));
      List<NewHousehold.NewMember> others = command.members() == null ? List.of() : command.members();
      for (int i = 0; i < others.size(); i++) {
        household.members.add(new InMemoryTables.Member(UUID.randomUUID(), memberNumber + String.format("-%02d", i + 2),
            others.get(i).name().strip(), others.get(i).birthYear(), "DEPENDANT", new ArrayList<>()));
      }
      tables.households.put(household.id, household);
      return new HouseholdRecord.Created(household.id, memberNumber, household.members.stream()
          .map(m -> new HouseholdRecord.Member(m.id(), m.memberNumber(), m.name(), m.birthYear(), m.role(), null, null, List.of()))
          .toList());
    }
  }

  @Override
  public Future<Optional<HouseholdRecord>> findByMsisdn(Msisdn msisdn, int receipts) {
    return find(h -> h.headMsisdn.equals(msisdn.e164()), receipts);
  }

  @Override
  public Future<Optional<HouseholdRecord>> findByMemberNumber(String memberNumber, int receipts) {
    return find(h -> h.memberNumber.equals(memberNumber) || h.members.stream().anyMatch(m -> m.memberNumber().equals(memberNumber)),
        receipts);
  }

  @Override
  public Future<Optional<HouseholdRecord>> findById(UUID id, int receipts) {
    return find(h -> h.id.equals(id), receipts);
  }

  private Future<Optional<HouseholdRecord>> find(Predicate<InMemoryTables.Household> which, int receipts) {
    synchronized (tables) {
      // The first enrolled, as the database orders them: the tables keep households in the order they came.
      return Future.succeededFuture(tables.households.values().stream().filter(which).findFirst().map(h -> record(h, receipts)));
    }
  }

  private HouseholdRecord record(InMemoryTables.Household h, int receipts) {
    List<HouseholdRecord.Member> members = h.members.stream()
        .sorted(Comparator.comparing(InMemoryTables.Member::memberNumber))
        .map(m -> new HouseholdRecord.Member(m.id(), m.memberNumber(), m.name(), m.birthYear(), m.role(),
            m.periods().stream().map(RightsPolicy.PaidPeriod::paidOn).min(Comparator.naturalOrder()).orElse(null),
            m.periods().stream().map(RightsPolicy.PaidPeriod::until).max(Comparator.naturalOrder()).orElse(null),
            List.copyOf(m.periods())))
        .toList();
    List<InMemoryTables.Receipt> kept = tables.receipts.stream().filter(r -> r.householdId().equals(h.id) && !r.reversed()).toList();
    List<HouseholdRecord.Receipt> latest = kept.stream()
        .sorted(Comparator.comparing((InMemoryTables.Receipt r) -> r.receipt().createdAt()).thenComparingLong(InMemoryTables.Receipt::sequence)
            .reversed())
        .limit(receipts)
        .map(InMemoryTables.Receipt::receipt)
        .toList();
    Long pendingAmount = tables.intents.values().stream()
        .filter(i -> i.householdId.equals(h.id) && i.status.open())
        .max(Comparator.comparing(i -> i.createdAt))
        .map(i -> i.quote.memberPays())
        .orElse(null);
    return new HouseholdRecord(h.id, h.mutualId, h.sectionId, h.memberNumber, h.headMsisdn, h.language, h.createdAt,
        new HouseholdRecord.Enrolment(h.enrolmentId, h.productId, h.guaranteeLevel, h.startedOn), h.members.size(), members, latest,
        (int) kept.stream().mapToLong(InMemoryTables.Receipt::adhesionFees).sum(),
        kept.stream().map(r -> r.receipt().paidOn()).min(Comparator.naturalOrder()).orElse(null),
        kept.stream().map(r -> r.receipt().coveredUntil()).max(Comparator.naturalOrder()).orElse(null),
        pendingAmount, null);
  }
}
