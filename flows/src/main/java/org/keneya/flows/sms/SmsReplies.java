package org.keneya.flows.sms;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.keneya.config.ProductConfig;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.Money;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;
import org.keneya.flows.ussd.HouseholdView;

/** The SMS answer to a member's command, in the household's language and GSM 7-bit spelling. */
public final class SmsReplies {
  private final Messages messages;

  public SmsReplies(Messages messages) {
    this.messages = messages;
  }

  /** @param serviceCode the USSD code to pay with */
  public String answer(SmsCommand command, HouseholdView household, String householdLanguage, LocalDate today, String serviceCode) {
    // A language change is answered in the language chosen; everything else in the household's.
    String language = command instanceof SmsCommand.Language chosen && chosen.language() != null ? chosen.language() : householdLanguage;
    Map<String, Object> common = Map.of("mutualCode", household.mutual().code(), "memberNumber", household.memberNumber(),
        "serviceCode", serviceCode, "contact", household.section().contact());
    String text;
    if (command instanceof SmsCommand.Rights) {
      text = messages.text(language, "sms.command.rights", with(common, "status", messages.rights(language, householdStatus(household, today))));
    } else if (command instanceof SmsCommand.Receipts) {
      List<String> lines = household.recentReceipts().stream().limit(3)
          .map(r -> messages.text(language, "ussd.receipts.line", Map.of("number", r.number(), "date", Messages.date(r.date()),
              "amount", r.amount().format(), "channel", r.channel())))
          .toList();
      text = lines.isEmpty() ? messages.text(language, "sms.command.noReceipts", common)
          : messages.text(language, "sms.receipts", with(common, "lines", String.join("; ", lines)));
    } else if (command instanceof SmsCommand.Balance) {
      text = balance(household, language, today, common);
    } else if (command instanceof SmsCommand.Stop) {
      text = messages.text(language, "sms.command.stopped", common);
    } else if (command instanceof SmsCommand.Start) {
      text = messages.text(language, "sms.command.started", common);
    } else if (command instanceof SmsCommand.Language chosen) {
      text = messages.text(language, chosen.language() == null ? "sms.command.languageHow" : "sms.command.language", common);
    } else {
      text = messages.text(language, "sms.command.help", common);
    }
    return messages.gsm7(language, text);
  }

  /** The household's standing: its persons' receipts taken together. */
  static RightsStatus householdStatus(HouseholdView household, LocalDate today) {
    LocalDate first = household.beneficiaries().stream().map(HouseholdView.Beneficiary::firstPaidOn).filter(d -> d != null)
        .min(LocalDate::compareTo).orElse(null);
    LocalDate until = household.beneficiaries().stream().map(HouseholdView.Beneficiary::coveredUntil).filter(d -> d != null)
        .max(LocalDate::compareTo).orElse(null);
    return RightsPolicy.evaluate(first, null, until, today, household.product());
  }

  /** What renewing the whole household's cover for one period costs now, or that nothing is due yet. */
  private String balance(HouseholdView household, String language, LocalDate today, Map<String, Object> common) {
    RightsStatus status = householdStatus(household, today);
    if (status instanceof RightsStatus.Open open) {
      return messages.text(language, "sms.command.nothingDue", with(common, "date", Messages.date(open.coveredUntil())));
    }
    if (status instanceof RightsStatus.Waiting waiting) {
      // Paid, but rights not open yet: saying "covered" would send a member to the clinic too early.
      return messages.text(language, "sms.command.nothingDueWaiting", with(with(common, "date", Messages.date(waiting.coveredUntil())),
          "opensOn", Messages.date(waiting.opensOn())));
    }
    ProductConfig product = household.product();
    if (product.contribution() instanceof ProductConfig.ContributionRule.PerQuantity) {
      return messages.text(language, "sms.command.dueHarvest", common);
    }
    long due = ContributionCalculator.renewal(product, household.mutual().currency(), household.guaranteeLevel(), household.persons(),
        household.adhesionFeesPaid()).memberPays();
    return messages.text(language, "sms.command.due", with(common, "amount", Money.of(due, household.mutual().currency()).format()));
  }

  private static Map<String, Object> with(Map<String, Object> common, String key, Object value) {
    java.util.HashMap<String, Object> all = new java.util.HashMap<>(common);
    all.put(key, value);
    return all;
  }
}
