package org.keneya.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindRequest;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.config.SmppConfig;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RemoteFailure;

/** SmppSms against a real SMPP server (jSMPP's server side) on a free local port. */
public class SmppSmsTest {
  private static final Msisdn MEMBER = new Msisdn("+22376123456");

  private Vertx vertx;
  private SmscSimulator smsc;
  private SmppSms sms;
  private final BlockingQueue<SmppSms.Receipt> receipts = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    smsc = new SmscSimulator("keneya", "s3cret", true, false);
  }

  @AfterEach
  void stop() {
    if (sms != null) sms.close();
    smsc.close();
    vertx.close().await();
  }

  private SmppConfig config(String password) {
    return new SmppConfig("127.0.0.1", smsc.port, "keneya", password, "", "KENEYA", 4, 30, 100, 2_000);
  }

  private SmppSms bound() {
    sms = new SmppSms(vertx, config("s3cret"), receipts::add);
    sms.start().toCompletableFuture().join();
    return sms;
  }

  private String send(String to, String text) {
    return sms.send(new Msisdn(to), text).toCompletableFuture().join();
  }

  @Test
  void bindsAsTransceiverWithTheConfiguredCredentialsAndAWrongPasswordIsRefused() {
    bound();
    assertThat(smsc.binds).hasSize(1);
    BindRequest bind = smsc.binds.get(0);
    assertThat(bind.getBindType()).isEqualTo(BindType.BIND_TRX);
    assertThat(bind.getSystemId()).isEqualTo("keneya");
    assertThat(bind.getPassword()).isEqualTo("s3cret");

    try (SmppSms intruder = new SmppSms(vertx, config("wrong"), receipt -> {})) {
      assertThatThrownBy(() -> intruder.start().toCompletableFuture().join())
          .cause().isInstanceOf(RemoteFailure.class).hasMessageContaining("bind");
      assertThat(intruder.bound()).isFalse();
      assertThat(smsc.refused.get()).isPositive();
    }
  }

  @Test
  void aGsmMessageIsOneSubmitSmInDataCodingZero() {
    bound();
    String text = "MOP recu MOP-R0000001: 11 380 FCFA";
    String thread = sms.send(MEMBER, text).thenApply(id -> Thread.currentThread().getName()).toCompletableFuture().join();
    assertThat(thread).as("answered on the event loop, not on jSMPP's threads").contains("eventloop");

    assertThat(smsc.submits).hasSize(1);
    SubmitSm sm = smsc.submits.get(0);
    assertThat(sm.getDataCoding()).isEqualTo((byte) 0);
    assertThat(sm.getDestAddress()).isEqualTo("22376123456");
    assertThat(sm.getDestAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
    assertThat(sm.getDestAddrNpi()).isEqualTo(NumberingPlanIndicator.ISDN.value());
    assertThat(sm.getSourceAddr()).isEqualTo("KENEYA");
    assertThat(sm.getSourceAddrTon()).isEqualTo(TypeOfNumber.ALPHANUMERIC.value());
    assertThat(sm.isUdhi()).isFalse();
    assertThat(sm.isSmscDelReceiptSuccessAndFailureRequested()).isTrue();
    // Letters, digits and these signs have the same value in GSM 7-bit as in ASCII.
    assertThat(new String(sm.getShortMessage(), StandardCharsets.US_ASCII)).isEqualTo(text);
  }

  @Test
  void gsmExtensionCharactersAreEscaped() {
    bound();
    send(MEMBER.e164(), "100€");
    assertThat(smsc.submits.get(0).getShortMessage()).containsExactly('1', '0', '0', 0x1B, 0x65);
  }

  @Test
  void bambaraWithOpenVowelsGoesAsUcs2() {
    bound();
    String text = "I ni cɛ! I ka sara sɔrɔla.";
    send(MEMBER.e164(), text);
    SubmitSm sm = smsc.submits.get(0);
    assertThat(sm.getDataCoding()).isEqualTo((byte) 8);
    assertThat(new String(sm.getShortMessage(), StandardCharsets.UTF_16BE)).isEqualTo(text);
  }

  @Test
  void aLongGsmMessageIsSplitWithAConcatenationHeader() {
    bound();
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 300; i++) text.append("Part ").append(i).append(' ');
    String message = text.substring(0, 300);
    String id = send(MEMBER.e164(), message);

    assertThat(smsc.submits).hasSize(2);
    SubmitSm first = smsc.submits.get(0);
    SubmitSm second = smsc.submits.get(1);
    assertThat(first.isUdhi()).isTrue();
    assertThat(second.isUdhi()).isTrue();
    byte[] a = first.getShortMessage();
    byte[] b = second.getShortMessage();
    assertThat(Arrays.copyOfRange(a, 0, 6)).containsExactly(5, 0, 3, a[3], 2, 1);
    assertThat(Arrays.copyOfRange(b, 0, 6)).containsExactly(5, 0, 3, a[3], 2, 2);
    assertThat(a.length - 6).isEqualTo(153);
    String joined = new String(Arrays.copyOfRange(a, 6, a.length), StandardCharsets.US_ASCII)
        + new String(Arrays.copyOfRange(b, 6, b.length), StandardCharsets.US_ASCII);
    assertThat(joined).isEqualTo(message);
    assertThat(id).isEqualTo(smsc.ids.get(0));
    assertThat(second.isSmscDelReceiptSuccessAndFailureRequested()).as("one receipt per message, the first part's").isFalse();
  }

  @Test
  void aDeliveryReceiptReachesTheConsumerWithTheMessageId() throws Exception {
    bound();
    String id = send(MEMBER.e164(), "Bonjour");
    DeliveryReceipt receipt = new DeliveryReceipt(id, 1, 1, new Date(), new Date(), DeliveryReceiptState.DELIVRD, "000", "Bonjour");
    smsc.current.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "22376123456",
        TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "KENEYA",
        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0, (byte) 0,
        new RegisteredDelivery(0), DataCodings.ZERO, receipt.toString().getBytes(StandardCharsets.US_ASCII));

    SmppSms.Receipt got = receipts.poll(3, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.messageId()).isEqualTo(id);
    assertThat(got.status()).isEqualTo("DELIVRD");
    assertThat(got.error()).isEqualTo("000");
    assertThat(got.reportStatus()).isEqualTo("SUCCESS");
    assertThat(got.failureReason()).isNull();
  }

  @Test
  void whenTheServerDropsTheSessionTheClientBindsAgainAndTheNextSendSucceeds() throws Exception {
    bound();
    send(MEMBER.e164(), "avant");
    smsc.current.close();
    // A bounded poll for what other threads do, not a wait for time to pass: jSMPP's reader notices the drop and the
    // new bind goes over TCP; the configured 100 ms backoff before it is short, and how it grows is SmppRebindDelayTest's to check.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (smsc.binds.size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(smsc.binds).hasSize(2);

    String id = send(MEMBER.e164(), "apres");
    assertThat(id).isEqualTo(smsc.ids.get(1));
  }

  @Test
  void aRefusedDestinationIsAPermanentFailureAndThrottlingIsNot() {
    bound();
    assertThatThrownBy(() -> send(SmscSimulator.INVALID, "x"))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isTrue());
    assertThatThrownBy(() -> send(SmscSimulator.THROTTLED, "x"))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void withoutAnSmscASendFailsAsRetryableOnceTheTimeoutHasPassed() {
    smsc.close();
    sms = new SmppSms(vertx, new SmppConfig("127.0.0.1", smsc.port, "keneya", "s3cret", "", "KENEYA", 4, 30, 100, 300), receipts::add);
    sms.start();
    assertThatThrownBy(() -> send(MEMBER.e164(), "x"))
        .cause().isInstanceOfSatisfying(RemoteFailure.class, e -> {
          assertThat(e.permanent()).isFalse();
          assertThat(e.getMessage()).contains("not bound");
        });
  }

}
