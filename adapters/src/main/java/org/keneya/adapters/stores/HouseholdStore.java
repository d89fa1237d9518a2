package org.keneya.adapters.stores;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;

/** Households as the menus and rights checks read them: members with their cover, the latest receipts, what is pending. */
public interface HouseholdStore {
  /** The household whose head calls from {@code msisdn} (the first enrolled, if several mutuals have one), with its latest {@code receipts}. */
  Future<Optional<HouseholdRecord>> findByMsisdn(Msisdn msisdn, int receipts);

  /** The household of {@code memberNumber}, a household's number or one of its persons'. */
  Future<Optional<HouseholdRecord>> findByMemberNumber(String memberNumber, int receipts);

  Future<Optional<HouseholdRecord>> findById(UUID id, int receipts);
}
