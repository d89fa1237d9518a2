package org.keneya.flows.payments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.keneya.config.ProductConfig;
import org.keneya.flows.ledger.JournalEntries;
import org.keneya.flows.ledger.JournalEntry;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.messages.ReceiptMessage;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.outbox.OutboxMessage;
import org.keneya.flows.rights.RightsPolicy;
import org.keneya.flows.rights.RightsStatus;

/**
 * What booking a confirmed payment writes, decided before anything is written: the journal entry,
 * each person's new cover, the receipt's figures and, once the receipt has its number, the receipt
 * SMS. The store only reads the inputs and writes the plan, in one transaction.
 *
 * @param covers one per person paid for, in the order the people were given
 * @param reported the rights the receipt SMS tells: those of the person whose new cover ends first
 */
public record Booking(Intent intent, JournalEntry journalEntry, List<Cover> covers, Receipt receipt, RightsStatus reported) {

  /**
   * The confirmed payment: its quote, the wallet it came through ({@link JournalEntries#CASH} for a
   * collector's cash), the day it was paid, and who is told of it, in which language.
   *
   * @param receiptId the id the receipt will have (the journal entry and the covers point at it)
   * @param memo the journal entry's memo
   */
  public record Intent(UUID receiptId, String mutualId, String mutualCode, String memberNumber, ContributionQuote quote, String provider,
      LocalDate paidOn, String language, String payerMsisdn, String memo) {
    public Intent {
      Objects.requireNonNull(receiptId, "receiptId");
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(paidOn, "paidOn");
    }
  }

  /**
   * A person the payment is for, with the cover already paid: the first day they ever paid, the last
   * day covered (both null when never paid) and every period booked for them.
   */
  public record Person(UUID memberId, LocalDate firstPaidOn, LocalDate coveredUntil, List<RightsPolicy.PaidPeriod> periods) {
    public Person {
      periods = List.copyOf(periods);
    }
  }

  /** The period this payment covers for one person (a row of {@code receipt_member}). */
  public record Cover(UUID memberId, LocalDate paidOn, LocalDate from, LocalDate until) {}

  /**
   * The receipt's figures: {@code channel} is {@code cash} or {@code wallet:<provider>}; it covers from
   * the earliest of its covers' first days to the latest of their last days.
   */
  public record Receipt(String channel, Money amount, long contribution, long memberShare, long adhesionFee, int adhesionFees,
      LocalDate coveredFrom, LocalDate coveredUntil, LocalDate paidOn) {}

  /**
   * Plans the booking of {@code intent} for {@code people} (at least one) under {@code product}'s
   * rules, {@code guaranteeFundPercent} of the contribution set aside in the guarantee fund.
   */
  public static Booking plan(Intent intent, List<Person> people, ProductConfig product, int guaranteeFundPercent) {
    if (people.isEmpty()) throw new IllegalArgumentException("a payment covers at least one person");
    ContributionQuote quote = intent.quote();
    LocalDate paidOn = intent.paidOn();
    int months = product.periodicity().months() * quote.periods();
    // Each person's new period follows on from their own cover; the SMS tells the least covered one's rights.
    List<Cover> covers = new ArrayList<>();
    LocalDate from = null;
    LocalDate until = null;
    RightsStatus reported = null;
    LocalDate soonestEnd = null;
    for (Person person : people) {
      RightsPolicy.CoveredPeriod period = RightsPolicy.nextPeriod(person.coveredUntil(), paidOn, months);
      covers.add(new Cover(person.memberId(), paidOn, period.from(), period.until()));
      from = from == null || period.from().isBefore(from) ? period.from() : from;
      until = until == null || period.until().isAfter(until) ? period.until() : until;
      if (soonestEnd == null || period.until().isBefore(soonestEnd)) {
        soonestEnd = period.until();
        // This payment's period counts in the cover it starts or continues.
        List<RightsPolicy.PaidPeriod> periods = new ArrayList<>(person.periods());
        periods.add(new RightsPolicy.PaidPeriod(paidOn, period.from(), period.until()));
        reported = RightsPolicy.evaluate(person.firstPaidOn() == null ? paidOn : person.firstPaidOn(),
            RightsPolicy.coverStartedOn(periods, product.gracePeriodMonths()), period.until(), paidOn, product);
      }
    }
    JournalEntry entry = new JournalEntry(intent.mutualId(), intent.receiptId(), JournalEntry.Kind.RECEIPT, intent.memo(), quote.currency(),
        JournalEntries.walletReceipt(intent.provider(), quote, guaranteeFundPercent));
    Receipt receipt = new Receipt(JournalEntries.CASH.equals(intent.provider()) ? "cash" : "wallet:" + intent.provider(),
        quote.memberPaysMoney(), quote.contribution(), quote.memberShare(), quote.adhesionFee(), quote.adhesionFees(), from, until, paidOn);
    return new Booking(intent, entry, List.copyOf(covers), receipt, reported);
  }

  /** The key the receipt SMS of {@code receiptNumber} is queued under: one per receipt. */
  public static String receiptSmsKey(String receiptNumber) {
    return "receipt-sms:" + receiptNumber;
  }

  /** The SMS telling the payer that receipt {@code receiptNumber} books their payment, with their rights. */
  public OutboxMessage.Sms receiptSms(Messages messages, String receiptNumber) {
    String text = ReceiptMessage.render(messages, intent.language(), intent.mutualCode(), receiptNumber, receipt.amount(), intent.paidOn(),
        intent.memberNumber(), reported);
    return OutboxMessage.Sms.receipt(intent.payerMsisdn(), text, receiptNumber);
  }
}
