package org.keneya.loadtest;

/** The hops a caller makes, named by the choice sent and the screen expected; latencies are also reported per step. */
enum Step {
  DIAL("dial *144# -> language menu"),
  MAIN_MENU("French -> main menu"),
  RIGHTS("my rights -> rights"),
  PAY_MENU("pay -> whom to pay for"),
  PAY_WHOLE_HOUSEHOLD("whole household -> confirmation"),
  PAY_MONTHS("months -> confirmation"),
  PAY_WALLET("wallet -> payment requested"),
  PAY_CONFIRM("pay -> payment requested");

  final String label;

  Step(String label) {
    this.label = label;
  }
}
