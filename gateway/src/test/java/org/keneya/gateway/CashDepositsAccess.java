package org.keneya.gateway;

import org.keneya.adapters.pg.PgCashDeposits;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.config.MessageCatalogues;
import org.keneya.flows.messages.Messages;
import org.keneya.gateway.collectors.CashDeposits;
import org.keneya.gateway.support.GatewayFixture;

/** Runs the auto-confirmation round now, as the gateway's 30-second round would. */
final class CashDepositsAccess {
  private CashDepositsAccess() {}

  static int autoConfirm(GatewayFixture gateway) {
    Messages messages = new Messages(MessageCatalogues.loadShipped());
    PgCashDeposits deposits = new PgCashDeposits(gateway.app.pool(), new PgPayments(gateway.app.pool(), gateway.config, messages), messages,
        gateway.config.remindersOrDefaults().zone());
    return new CashDeposits(deposits, gateway.config, messages).autoConfirmDue().toCompletionStage().toCompletableFuture().join();
  }
}
