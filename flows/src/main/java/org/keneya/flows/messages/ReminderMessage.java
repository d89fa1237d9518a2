package org.keneya.flows.messages;

import java.util.Map;
import org.keneya.config.ProductConfig;
import org.keneya.flows.money.Money;
import org.keneya.flows.reminders.Reminder;

/** The SMS of a reminder: what is due and how to pay, in the household's language and GSM 7-bit spelling. */
public final class ReminderMessage {
  private ReminderMessage() {}

  /**
   * @param due what renewing the household's cover costs it now; for a product priced per unit of
   *     produce, the price of one unit (the SMS then says so)
   */
  public static String render(Messages messages, String language, Reminder reminder, ProductConfig product, String mutualCode,
      String memberNumber, Money due, String serviceCode) {
    String amount = product.contribution() instanceof ProductConfig.ContributionRule.PerQuantity perQuantity
        ? messages.text(language, "reminder.perUnit", Map.of("amount", due.format(), "unit", perQuantity.unit()))
        : due.format();
    return messages.gsm7(language, messages.text(language, reminder.message(), Map.of(
        "mutualCode", mutualCode,
        "memberNumber", memberNumber,
        "amount", amount,
        "date", reminder.deadline() == null ? "" : Messages.date(reminder.deadline()),
        "serviceCode", serviceCode)));
  }
}
