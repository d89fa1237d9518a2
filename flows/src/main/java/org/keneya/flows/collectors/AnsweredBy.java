package org.keneya.flows.collectors;

import java.util.Arrays;

/** Who answered a cash deposit, and how; stored by its code (the {@code cash_deposit.confirmed_by} column). */
public enum AnsweredBy {
  /** The household head, by an SMS OUI or NON and the code. */
  MEMBER_SMS("member-sms"),
  /** The household head, from the members' USSD menu. */
  MEMBER_USSD("member-ussd"),
  /** Nobody: the deposit went unanswered for longer than the mutual allows, and is confirmed without its member. */
  AUTO("auto");

  private final String code;

  AnsweredBy(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static AnsweredBy of(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no answer by " + code));
  }
}
