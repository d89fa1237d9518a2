package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keneya.gateway.support.GatewayFixture.eventually;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.sms.SmscSimulator;
import org.keneya.gateway.support.GatewayFixture;

/** With an smpp section the gateway sends its SMS over SMPP, and the SMSC's delivery receipts land on them. */
class SmppTransportTest {

  @Test
  void smsGoOutOverSmpp_andDeliveryReceiptsAreRecordedOnThem() throws Exception {
    try (SmscSimulator smsc = new SmscSimulator("keneya", "s3cret", true, false)) {
      String smpp = """
          smpp:
            host: "127.0.0.1"
            port: %d
            systemId: "keneya"
            password: "s3cret"
            systemType: ""
            sourceAddress: "KENEYA"
            windowSize: 4
            enquireLinkSeconds: 30
            reconnectBackoffMillis: 200
            timeoutMillis: 3000
          """.formatted(smsc.port);
      // GatewayFixture takes the configuration's wallets section; the smpp section rides along with it.
      try (GatewayFixture gateway = new GatewayFixture(GatewayFixture.momoWallet("http://127.0.0.1:9") + smpp, Map.of())) {
        gateway.sql("""
            INSERT INTO outbox (topic, dedup_key, payload) VALUES ('sms', 'smpp-test', '{"to":"+22376123456","message":"MOP recu MOP-R0000001"}')
            RETURNING id""");
        eventually(10, () -> assertThat(smsc.submits).hasSize(1));
        assertThat(new String(smsc.submits.get(0).getShortMessage(), StandardCharsets.US_ASCII)).isEqualTo("MOP recu MOP-R0000001");
        eventually(5, () -> assertThat(gateway.sql("SELECT status, result FROM outbox WHERE dedup_key = 'smpp-test'").get(0))
            .containsEntry("status", "DONE").containsEntry("result", smsc.ids.get(0)));
        smsc.deliverReceipt(smsc.ids.get(0), DeliveryReceiptState.DELIVRD, "000");
        eventually(5, () -> assertThat(gateway.sql("SELECT delivery_status FROM outbox WHERE dedup_key = 'smpp-test'").get(0))
            .containsEntry("delivery_status", "SUCCESS"));
      }
    }
  }
}
