package org.keneya.flows.messages;

import java.time.LocalDate;
import java.util.Map;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsTransition;

/** The SMS a household receives when some of its persons' rights change. */
public final class RightsNotice {
  private RightsNotice() {}

  /**
   * @param persons how many of the household's {@code householdPersons} made this transition
   * @param date when the new status ends (open until, grace until) or began (suspended since)
   * @param due what one period costs for those persons, null when the product has no price per person
   */
  public static String render(Messages messages, String language, String mutualCode, String memberNumber, RightsTransition transition,
      int persons, int householdPersons, LocalDate date, Money due, String serviceCode) {
    String who = persons == householdPersons
        ? messages.text(language, "sms.rights.whole", Map.of("persons", householdPersons))
        : messages.text(language, "sms.rights.some", Map.of("persons", persons, "total", householdPersons));
    String key = switch (transition) {
      case OPENED -> "sms.rights.opened";
      case GRACE_STARTED -> due == null ? "sms.rights.graceHarvest" : "sms.rights.grace";
      case SUSPENDED -> due == null ? "sms.rights.suspendedHarvest" : "sms.rights.suspended";
      case REOPENED -> "sms.rights.reopened";
    };
    return messages.gsm7(language, messages.text(language, key, Map.of(
        "mutualCode", mutualCode,
        "memberNumber", memberNumber,
        "who", who,
        "date", Messages.date(date),
        "amount", due == null ? "" : due.format(),
        "serviceCode", serviceCode)));
  }
}
