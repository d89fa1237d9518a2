package org.keneya.gateway.collectors;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import org.keneya.adapters.pg.PgCashDeposits;
import org.keneya.adapters.pg.PgCashDeposits.Answer;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.collectors.AnsweredBy;
import org.keneya.flows.messages.DepositMessages;
import org.keneya.flows.messages.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's answer to a cash deposit (OUI / NON and its code by SMS, or from the USSD menu), and the confirmation of
 * deposits nobody answered within {@code collectors.autoConfirmAfterHours}. A confirmed deposit
 * becomes a receipt (its SMS goes to the member) and the collector is told; a disputed one counts
 * for nothing and the collector is told too.
 */
public final class CashDeposits {
  private static final Logger LOG = LoggerFactory.getLogger(CashDeposits.class);
  private static final int AUTO_CONFIRM_BATCH = 100;

  private final PgCashDeposits deposits;
  private final KeneyaConfig config;
  private final Messages messages;

  public CashDeposits(PgCashDeposits deposits, KeneyaConfig config, Messages messages) {
    this.deposits = deposits;
    this.config = config;
    this.messages = messages;
  }

  /**
   * The answer of the household head writing from {@code headMsisdn} to deposit {@code code}, by
   * {@code channel} ("member-sms", "member-ussd");
   * completes with the SMS to send back, empty when the receipt (or nothing) says it all.
   */
  public Future<Optional<String>> answer(String code, String headMsisdn, boolean confirmed, String language, String channel) {
    return deposits.answer(code, headMsisdn, null, confirmed, AnsweredBy.of(channel)).map(answer -> {
      if (answer instanceof Answer.Confirmed confirmedNow) {
        LOG.info("cash deposit {} confirmed by its member: receipt {}", confirmedNow.deposit().id(), confirmedNow.receiptNumber());
        return Optional.<String>empty();
      }
      if (answer instanceof Answer.Disputed disputed) {
        LOG.warn("cash deposit {} disputed by its member", disputed.deposit().id());
        String contact = config.mutuals().stream().filter(m -> m.code().equals(disputed.deposit().mutualCode())).findFirst()
            .map(m -> m.contact() == null ? "" : m.contact()).orElse("");
        return Optional.of(DepositMessages.disputedReply(messages, language, disputed.deposit().mutualCode(), code, contact));
      }
      if (answer instanceof Answer.AlreadyAnswered) {
        // A second OUI, or the aggregator posting the same SMS again: the receipt already went.
        return Optional.<String>empty();
      }
      return Optional.of(DepositMessages.unknown(messages, language, code));
    });
  }

  /** Confirms the deposits unanswered for longer than configured (none when it is 0); completes with how many were booked. */
  public Future<Integer> autoConfirmDue() {
    int hours = config.collectorsOrDefaults().autoConfirmAfterHours();
    if (hours == 0) return Future.succeededFuture(0);
    return deposits.unansweredFor(hours, AUTO_CONFIRM_BATCH).compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(done -> deposits.answer(null, null, id, true, AnsweredBy.AUTO)
            .map(answer -> {
              if (answer instanceof Answer.Confirmed booked) {
                LOG.warn("cash deposit {} auto-confirmed after {} h without its member's answer: receipt {}", id, hours, booked.receiptNumber());
                return done + 1;
              }
              return done;
            }));
      }
      return chain;
    });
  }
}
