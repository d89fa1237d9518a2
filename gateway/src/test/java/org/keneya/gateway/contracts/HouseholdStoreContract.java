package org.keneya.gateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.stores.HouseholdStore;
import org.keneya.flows.people.HouseholdRecord;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.people.NewHousehold;

/**
 * What every {@link HouseholdStore} promises, run against each implementation: a household enrolled is
 * found whole by its head's number, by its own or a person's number and by its id. Each test uses
 * numbers of its own, as the store may hold other tests' households.
 */
abstract class HouseholdStoreContract extends StoreContract {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  private static NewHousehold mopti(String head, String language, NewHousehold.NewMember... others) {
    return new NewHousehold("mopti-cercle", "konna", "mopti-annual", null, "  Mariam Diallo ", 1980, head, language, List.of(others));
  }

  private HouseholdRecord.Created enrol(NewHousehold command) {
    return bench().enrol(command, new Msisdn(command.headMsisdn()), TODAY);
  }

  @Test
  void aHouseholdIsFoundByItsHeadsNumberWithItsPersonsAndEnrolment() {
    HouseholdRecord.Created created = enrol(mopti("+22376100001", "bm", new NewHousehold.NewMember("Oumar Diallo", 2016),
        new NewHousehold.NewMember("Awa Diallo", null)));

    HouseholdRecord found = join(households().findByMsisdn(new Msisdn("+22376100001"), 5)).orElseThrow();

    assertThat(found.id()).isEqualTo(created.id());
    assertThat(found.memberNumber()).isEqualTo(created.memberNumber()).matches("MOP-\\d{6}");
    assertThat(found.mutualId()).isEqualTo("mopti-cercle");
    assertThat(found.sectionId()).isEqualTo("konna");
    assertThat(found.headMsisdn()).isEqualTo("+22376100001");
    assertThat(found.language()).isEqualTo("bm");
    assertThat(found.enrolment().productId()).isEqualTo("mopti-annual");
    assertThat(found.enrolment().guaranteeLevel()).isNull();
    assertThat(found.enrolment().startedOn()).isEqualTo(TODAY);
    assertThat(found.persons()).isEqualTo(3);
    assertThat(found.members()).extracting(HouseholdRecord.Member::memberNumber)
        .containsExactly(created.memberNumber() + "-01", created.memberNumber() + "-02", created.memberNumber() + "-03");
    assertThat(found.members()).extracting(HouseholdRecord.Member::name).containsExactly("Mariam Diallo", "Oumar Diallo", "Awa Diallo");
    assertThat(found.members()).extracting(HouseholdRecord.Member::role).containsExactly("HEAD", "DEPENDANT", "DEPENDANT");
    assertThat(found.members()).extracting(HouseholdRecord.Member::birthYear).containsExactly(1980, 2016, null);
    assertThat(found.members()).extracting(HouseholdRecord.Member::id)
        .containsExactlyElementsOf(created.members().stream().map(HouseholdRecord.Member::id).toList());
    assertThat(found.members()).allSatisfy(m -> {
      assertThat(m.firstPaidOn()).isNull();
      assertThat(m.coveredUntil()).isNull();
      assertThat(m.periods()).isEmpty();
    });
    assertThat(found.receipts()).isEmpty();
    assertThat(found.adhesionFeesPaid()).isZero();
    assertThat(found.firstPaidOn()).isNull();
    assertThat(found.coveredUntil()).isNull();
    assertThat(found.pendingAmount()).as("no payment started").isNull();
    assertThat(found.pendingDeposit()).isNull();
  }

  @Test
  void theSameHouseholdIsFoundByItsNumberByAPersonsNumberAndById() {
    HouseholdRecord.Created created = enrol(mopti("+22376100002", "fr", new NewHousehold.NewMember("Oumar Diallo", 2016)));
    HouseholdRecord byPhone = join(households().findByMsisdn(new Msisdn("+22376100002"), 5)).orElseThrow();

    assertThat(join(households().findByMemberNumber(created.memberNumber(), 5))).contains(byPhone);
    assertThat(join(households().findByMemberNumber(created.memberNumber() + "-02", 5))).contains(byPhone);
    assertThat(join(households().findById(created.id(), 5))).contains(byPhone);
  }

  @Test
  void nothingIsFoundForANumberOrIdNobodyHas() {
    enrol(mopti("+22376100003", "fr"));
    assertThat(join(households().findByMsisdn(new Msisdn("+22376100099"), 5))).isEqualTo(Optional.empty());
    assertThat(join(households().findByMemberNumber("MOP-999999", 5))).isEmpty();
    assertThat(join(households().findByMemberNumber("MOP-999999-01", 5))).isEmpty();
    assertThat(join(households().findById(UUID.randomUUID(), 5))).isEmpty();
  }

  @Test
  void eachMutualNumbersItsHouseholdsWithoutGap_andTheLanguageIsFrenchUnlessChosen() {
    HouseholdRecord.Created first = enrol(mopti("+22376100004", null));
    HouseholdRecord.Created second = enrol(mopti("+22376100005", null));
    HouseholdRecord.Created urban = enrol(new NewHousehold("utm-bamako", "commune-1", "urban-voluntary", "combined", "Fanta Keita", null,
        "+22376100006", "fr", List.of()));

    assertThat(sequence(second.memberNumber())).isEqualTo(sequence(first.memberNumber()) + 1);
    assertThat(urban.memberNumber()).matches("AMV-\\d{6}");
    assertThat(join(households().findById(first.id(), 5)).orElseThrow().language()).isEqualTo("fr");
    assertThat(join(households().findById(urban.id(), 5)).orElseThrow().enrolment().guaranteeLevel()).isEqualTo("combined");
  }

  @Test
  void aHeadWithHouseholdsInTwoMutualsIsFoundWithTheFirstEnrolled() {
    HouseholdRecord.Created first = enrol(mopti("+22376100007", "fr"));
    enrol(new NewHousehold("utm-bamako", "commune-4", "urban-voluntary", "ambulatory", "Mariam Diallo", null, "+22376100007", "fr",
        List.of()));
    assertThat(join(households().findByMsisdn(new Msisdn("+22376100007"), 5)).orElseThrow().id()).isEqualTo(first.id());
  }

  private static int sequence(String memberNumber) {
    return Integer.parseInt(memberNumber.substring(memberNumber.indexOf('-') + 1));
  }
}
