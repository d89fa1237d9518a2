package org.keneya.gateway.ussd;

import io.vertx.core.Future;
import org.keneya.adapters.stores.OutboxStore;
import org.keneya.adapters.stores.PaymentStore;
import org.keneya.flows.ussd.Effect;
import org.keneya.flows.ussd.UssdReply;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.collectors.CashDeposits;
import org.keneya.gateway.payments.PaymentService;

/**
 * Carries out the effects of a hop of the members' menu, each before the answer goes: a payment
 * is recorded (and asked of the wallet after the answer, which never waits on the wallet), a
 * collector's deposit confirmed or disputed, an SMS queued.
 */
public final class MemberEffects {
  private final PaymentService payments;
  private final CashDeposits deposits;
  private final OutboxStore outbox;
  private final PhoneScreens screens;
  private final Metrics metrics;

  public MemberEffects(PaymentService payments, CashDeposits deposits, OutboxStore outbox, PhoneScreens screens, Metrics metrics) {
    this.payments = payments;
    this.deposits = deposits;
    this.outbox = outbox;
    this.screens = screens;
    this.metrics = metrics;
  }

  /** Runs {@code reply}'s effects for {@code hop}; completes with the answer to give, {@code answer} unless an effect changed it. */
  Future<UssdService.Answer> run(UssdService.Hop hop, UssdReply reply, UssdService.Answer answer) {
    String language = reply.state().language();
    Future<UssdService.Answer> answered = Future.succeededFuture(answer);
    for (Effect effect : reply.effects()) {
      if (effect instanceof Effect.RequestPayment pay) {
        answered = answered.compose(given -> payments.record(pay.householdId(), pay.beneficiaries(), pay.wallet(), hop.caller(), pay.quote(),
                pay.language(), hop.key())
            .map(intent -> {
              payments.request(intent);
              return given;
            })
            .recover(e -> {
              if (!(e instanceof PaymentStore.PaymentAlreadyOpen)) return Future.failedFuture(e);
              // Another session of this household asked for a payment meanwhile: say so, ask nothing.
              metrics.payment(pay.wallet(), "refused_already_open");
              return Future.succeededFuture(new UssdService.Answer(screens.text(hop, language, "ussd.pay.pendingElsewhere"), true));
            }));
      } else if (effect instanceof Effect.AnswerDeposit deposit) {
        // Booked (or disputed) before we answer; the receipt or the dispute's answer follows by SMS.
        answered = answered.compose(given -> deposits.answer(deposit.code(), hop.caller().e164(), deposit.confirmed(), deposit.language(),
                "member-ussd")
            .compose(sms -> sms.isEmpty() ? Future.succeededFuture(given)
                : outbox.enqueueSms("ussd-sms:" + hop.key() + ":deposit", hop.caller().e164(), sms.get()).map(given)));
      } else if (effect instanceof Effect.SendSms sms) {
        // Queued before we answer, so that the screen's promise of an SMS holds; once per session.
        answered = answered.compose(given -> outbox.enqueueSms("ussd-sms:" + hop.key() + ":" + sms.purpose(), hop.caller().e164(),
            sms.text()).map(given));
      }
    }
    return answered;
  }
}
