package org.keneya.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Optional;

/**
 * An insurance product a mutual sells: what a contribution costs, who co-finances it, when rights open.
 *
 * @param waitingPeriodMonths months from the first contribution before rights open ("période d'observation")
 * @param gracePeriodMonths months after the paid period during which a payment keeps rights continuous
 * @param newWaitingPeriodAfterSuspension whether a member whose rights were suspended waits again, from the
 *     payment that reopens them, before rights open; the documents leave this to each mutual's statutes,
 *     so it is false (rights reopen at once) unless the product says otherwise
 * @param reminders when its households with an amount due are reminded by SMS; none when absent
 */
public record ProductConfig(
    String id,
    String name,
    Periodicity periodicity,
    ContributionRule contribution,
    CoFinancing cofinancing,
    Adhesion adhesion,
    int waitingPeriodMonths,
    int gracePeriodMonths,
    boolean newWaitingPeriodAfterSuspension,
    ReminderPlan reminders) {

  /**
   * When the product's households with an amount due are reminded.
   *
   * @param crop the crop whose selling months (in each household's region, {@code reminders.harvests})
   *     bring the first reminder, on the first day of the season; none when absent
   * @param followUpDays days after the season's start of the follow-up reminders
   * @param beforeSuspensionDays a last reminder this many days before a household in grace is
   *     suspended (0: none)
   * @param dueWithinDays a household whose cover ends within this many days has an amount due for
   *     the harvest and campaign reminders (one that has ended or never begun always has)
   */
  public record ReminderPlan(String crop, List<Integer> followUpDays, int beforeSuspensionDays, int dueWithinDays) {
    public List<Integer> followUpDaysOrEmpty() {
      return followUpDays == null ? List.of() : followUpDays;
    }
  }

  /** How often a contribution is due, and how many months one paid period covers. */
  public enum Periodicity {
    MONTHLY(1),
    /** As the Malians-abroad mutual collects (001 Table 10). */
    QUARTERLY(3),
    YEARLY(12),
    /** Rural mutuals collect once a year when the crop is sold; one payment covers a year. */
    HARVEST(12);

    private final int months;

    Periodicity(int months) {
      this.months = months;
    }

    public int months() {
      return months;
    }
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ContributionRule.PerPerson.class, name = "perPerson"),
    @JsonSubTypes.Type(value = ContributionRule.PerPersonByLevel.class, name = "perPersonByLevel"),
    @JsonSubTypes.Type(value = ContributionRule.PerQuantity.class, name = "perQuantity")
  })
  public sealed interface ContributionRule {
    /** A flat amount per person per period (before co-financing). */
    record PerPerson(long amount) implements ContributionRule {}

    /** A flat amount per person per period that depends on the guarantee level chosen. */
    record PerPersonByLevel(List<GuaranteeLevel> levels) implements ContributionRule {
      public Optional<GuaranteeLevel> level(String id) {
        return levels.stream().filter(l -> l.id().equals(id)).findFirst();
      }
    }

    /** An amount per unit of produce sold (e.g. 2 FCFA per kg of cotton), declared by the household. */
    record PerQuantity(String unit, long amountPerUnit) implements ContributionRule {}
  }

  public record GuaranteeLevel(String id, String name, long amount) {}

  /**
   * The share of each contribution the member pays; the rest is claimed from funders (State,
   * partners). Percentages of the full contribution; member + funders = 100.
   */
  public record CoFinancing(int memberPercent, List<Funder> funders) {
    public static CoFinancing memberPaysAll() {
      return new CoFinancing(100, List.of());
    }
  }

  public record Funder(String id, String name, int percent) {}

  /** One-off fee per household, covering up to {@code maxPersons}; a larger household pays it again. */
  public record Adhesion(long fee, int maxPersons) {
    public static Adhesion none() {
      return new Adhesion(0, 0);
    }
  }
}
