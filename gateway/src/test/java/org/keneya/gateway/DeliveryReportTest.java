package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.adapters.pg.PgOutbox;
import org.keneya.gateway.sms.DeliveryReportRoute;
import org.keneya.gateway.support.GatewayFixture;

/** Delivery reports land on the SMS they name; a phone that was off gets the SMS again, twice at most; a refusal does not. */
class DeliveryReportTest {

  private static String report(GatewayFixture gateway, String id, String status, String reason) {
    var answer = gateway.postForm("/sms/dlr", reason == null ? Map.of("id", id, "status", status, "phoneNumber", "+22376123456")
        : Map.of("id", id, "status", status, "phoneNumber", "+22376123456", "failureReason", reason));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  /** The outbox row of an SMS the transport took under {@code messageId}. */
  private static String sentSql(String dedupKey, String messageId) {
    return """
        INSERT INTO outbox (topic, dedup_key, payload, status, result) VALUES ('sms', '%s', '{"to":"+22376123456","message":"MOP recu"}',
        'DONE', '%s') RETURNING id""".formatted(dedupKey, messageId);
  }

  private static void sent(GatewayFixture gateway, String dedupKey, String messageId) {
    gateway.sql(sentSql(dedupKey, messageId));
  }

  @Test
  void reportsAreRecorded_andAnSmsThePhoneCouldNotTakeIsSentAgainAtMostTwice() {
    try (GatewayFixture gateway = new GatewayFixture()) {
      sent(gateway, "receipt-sms:MOP-R0000001", "ATXid_1");
      assertThat(report(gateway, "ATXid_1", "Failed", "AbsentSubscriber")).contains("redelivery_queued");
      assertThat(report(gateway, "ATXid_1", "Failed", "AbsentSubscriber")).contains("\"recorded\"");
      assertThat(gateway.sql("SELECT delivery_status, delivery_failure FROM outbox WHERE result = 'ATXid_1'").get(0))
          .containsEntry("delivery_status", "FAILED").containsEntry("delivery_failure", "AbsentSubscriber");
      assertThat(gateway.sql("SELECT status, next_attempt_at > now() + interval '25 minutes' AS later FROM outbox"
          + " WHERE dedup_key = 'receipt-sms:MOP-R0000001:again'").get(0)).containsEntry("status", "PENDING").containsEntry("later", true);

      // The second try fails the same way: one more; the third: no more.
      gateway.sql("UPDATE outbox SET status = 'DONE', result = 'ATXid_2' WHERE dedup_key = 'receipt-sms:MOP-R0000001:again' RETURNING id");
      assertThat(report(gateway, "ATXid_2", "Failed", "DeliveryFailure")).contains("redelivery_queued");
      gateway.sql("UPDATE outbox SET status = 'DONE', result = 'ATXid_3' WHERE dedup_key = 'receipt-sms:MOP-R0000001:again:again' RETURNING id");
      assertThat(report(gateway, "ATXid_3", "Failed", "AbsentSubscriber")).contains("\"recorded\"");
      assertThat(gateway.count("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'receipt-sms:MOP-R0000001%'")).isEqualTo(3);

      // A refusal is not retried; a success is recorded; a report for nothing of ours changes nothing.
      sent(gateway, "ussd-sms:x", "ATXid_9");
      assertThat(report(gateway, "ATXid_9", "Rejected", "UserInBlacklist")).contains("\"recorded\"");
      sent(gateway, "ussd-sms:y", "ATXid_10");
      assertThat(report(gateway, "ATXid_10", "Success", null)).contains("\"recorded\"");
      assertThat(gateway.sql("SELECT delivery_status FROM outbox WHERE result = 'ATXid_10'").get(0)).containsEntry("delivery_status", "SUCCESS");
      assertThat(report(gateway, "ATXid_unknown", "Success", null)).contains("unknown_message");
      assertThat(gateway.count("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'ussd-sms:%:again'")).isZero();
      assertThat(gateway.postForm("/sms/dlr", Map.of("status", "Success")).statusCode()).isEqualTo(400);
    }
  }

  /**
   * A fast SMSC's receipt may come before the gateway has written down the message id its answer gave: it is looked up again.
   * The report and the writing share one database connection, in that order: the report's first look finds nothing, for sure,
   * and the id is written while it waits to look again (no sleep, which a busy machine could outlast).
   */
  @Test
  void aReportThatOutrunsTheSendingIsRecordedOnceTheMessageIsKnown() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture()) {
      Pool oneConnection = new PgDatabase(gateway.pgUrl).pool(gateway.app.vertx(), 1);
      DeliveryReportRoute reports = new DeliveryReportRoute(gateway.app.vertx(), new PgOutbox(oneConnection), new Metrics(new SimpleMeterRegistry()));
      var early = reports.record("ATXid_early", "Success", null).toCompletionStage().toCompletableFuture();
      oneConnection.query(sentSql("receipt-sms:MOP-R0000002", "ATXid_early")).execute().toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(early.get(10, TimeUnit.SECONDS)).isEqualTo("recorded");
      assertThat(gateway.sql("SELECT delivery_status FROM outbox WHERE result = 'ATXid_early'").get(0)).containsEntry("delivery_status", "SUCCESS");
    }
  }
}
