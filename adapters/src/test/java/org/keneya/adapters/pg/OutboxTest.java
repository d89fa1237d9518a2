package org.keneya.adapters.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.flows.outbox.OutboxMessage;

/** The stored shape of SMS payloads: rows queued before this class existed must read back, and new rows look the same. */
class OutboxTest {
  private static final UUID HOUSEHOLD = UUID.fromString("7d3c5d1e-8a55-4c2b-9a0e-2f6f1b7c9d10");

  @Test
  void everyKindOfSmsIsStoredAsBeforeAndReadsBack() {
    assertThat(Outbox.payload(OutboxMessage.Sms.to("+22376123456", "MOP ok")))
        .isEqualTo(new JsonObject().put("to", "+22376123456").put("message", "MOP ok"));
    assertThat(Outbox.payload(OutboxMessage.Sms.receipt("+22376123456", "MOP recu", "MOP-R0000001")))
        .isEqualTo(new JsonObject().put("to", "+22376123456").put("message", "MOP recu").put("receipt", "MOP-R0000001"));
    assertThat(Outbox.payload(OutboxMessage.Sms.notice("+22376123456", "droits")))
        .isEqualTo(new JsonObject().put("to", "+22376123456").put("message", "droits").put("quiet", true));
    assertThat(Outbox.payload(OutboxMessage.Sms.reminder("+22376123456", "payez", HOUSEHOLD)))
        .isEqualTo(new JsonObject().put("to", "+22376123456").put("message", "payez").put("quiet", true).put("household", HOUSEHOLD.toString()));

    for (OutboxMessage.Sms sms : new OutboxMessage.Sms[] {OutboxMessage.Sms.to("+22376123456", "a"),
        OutboxMessage.Sms.receipt("+22376123456", "b", "MOP-R0000002"), OutboxMessage.Sms.notice("+22376123456", "c"),
        OutboxMessage.Sms.reminder("+22376123456", "d", HOUSEHOLD)}) {
      assertThat(Outbox.topic(sms)).isEqualTo("sms");
      assertThat(Outbox.read("sms", Outbox.payload(sms))).isEqualTo(sms);
    }
  }

  @Test
  void anSmsWithoutItsNumberOrText_orOfAnUnknownTopic_isUnreadable() {
    assertThatThrownBy(() -> Outbox.read("sms", new JsonObject().put("message", "x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Outbox.read("sms", new JsonObject().put("to", "+22376123456"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Outbox.read("fax", new JsonObject())).isInstanceOf(IllegalArgumentException.class);
  }
}
