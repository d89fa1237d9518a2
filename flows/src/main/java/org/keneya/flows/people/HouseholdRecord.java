package org.keneya.flows.people;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A household as stored, with what its payments add up to.
 *
 * @param members everyone in the household, the head first, each with their own cover
 * @param pendingAmount the amount of a wallet payment started and not yet answered, or null
 */
public record HouseholdRecord(
    UUID id,
    String mutualId,
    String sectionId,
    String memberNumber,
    String headMsisdn,
    String language,
    Instant createdAt,
    Enrolment enrolment,
    int persons,
    List<Member> members,
    List<Receipt> receipts,
    int adhesionFeesPaid,
    LocalDate firstPaidOn,
    LocalDate coveredUntil,
    Long pendingAmount,
    PendingDeposit pendingDeposit) {

  /** A collector's cash deposit waiting for the household's answer. */
  public record PendingDeposit(String code, long amount, String collector, Instant collectedAt) {}

  public record Enrolment(UUID id, String productId, String guaranteeLevel, LocalDate startedOn) {}

  /**
   * @param firstPaidOn day a contribution for this person was first confirmed, null if none
   * @param coveredUntil last day covered by the contributions paid for this person, null if none
   * @param periods what each of the person's receipts covered, and when it was paid
   */
  public record Member(UUID id, String memberNumber, String name, Integer birthYear, String role, LocalDate firstPaidOn,
      LocalDate coveredUntil, java.util.List<org.keneya.flows.rights.RightsPolicy.PaidPeriod> periods) {
    /** The first day of the person's current uninterrupted cover under {@code gracePeriodMonths} of grace. */
    public LocalDate coverStartedOn(int gracePeriodMonths) {
      return org.keneya.flows.rights.RightsPolicy.coverStartedOn(periods, gracePeriodMonths);
    }
  }

  public record Receipt(
      UUID id, String receiptNumber, String channel, long amount, long contribution, long memberShare, long adhesionFee,
      String currency, LocalDate paidOn, LocalDate coveredFrom, LocalDate coveredUntil, Instant createdAt) {}

  /** Who was created: the household's number and each person's. */
  public record Created(UUID id, String memberNumber, List<Member> members) {}
}
