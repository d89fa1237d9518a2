package org.keneya.adapters.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.flows.ussd.centre.CentreState;
import org.keneya.flows.ussd.collector.CollectorState;

class SessionCodecTest {
  @Test
  void everyMenusStateComesBackAsItWent() {
    ContributionQuote quote = new ContributionQuote("mopti-annual", "XOF", 2, 1, 0, 2, 8650, 1730, 17300, 3460,
        Map.of("state", 8650L, "afd", 5190L), 1000, 1);
    CollectorState.Deposit deposit = new CollectorState.Deposit(UUID.randomUUID(), "MOP-000001", "+22376000301", "bm", UUID.randomUUID(),
        "konna", 1, quote, Instant.parse("2026-11-23T09:30:00Z"));
    List<UssdSession> sessions = List.of(
        new UssdSession("at:1", "+22376000001", new MenuState(MenuState.Step.PAY_CHOOSE, "bm", 0, 3, List.of("MOP-000001-02"), 1, null),
            "2*1*1", "CON …", false),
        new UssdSession("at:2", "+22376000200", new CollectorState(CollectorState.Step.PIN, "fr", true, null, deposit), "", "CON PIN:", false, 6),
        new UssdSession("at:3", "+22376000100", new CentreState(CentreState.Step.MEMBER_NUMBER, "fr"), "", "END …", true, 3));
    for (UssdSession session : sessions) assertThat(SessionCodec.read(SessionCodec.write(session))).isEqualTo(session);
    assertThat(SessionCodec.write(sessions.get(1))).contains("\"menu\":\"collector\"", "\"collectedAt\":\"2026-11-23T09:30:00Z\"");
  }

  @Test
  void aMembersSessionWrittenBeforeTheMenusWereNamedIsStillRead() {
    String before = """
        {"sessionId":"at:1","msisdn":"+22376000001","state":{"step":"MAIN","language":"fr","quantity":0,"months":0,"chosen":null,"page":0,\
        "resumeAt":null},"lastText":"1","lastAnswer":"CON Keneya","ended":false}""";
    UssdSession read = SessionCodec.read(before);
    assertThat(read.state()).isEqualTo(new MenuState(MenuState.Step.MAIN, "fr", 0, 0, null, 0, null));
    assertThat(read.inputs()).isZero();
  }
}
