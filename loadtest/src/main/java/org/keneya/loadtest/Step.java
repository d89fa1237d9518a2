package org.keneya.loadtest;

/** The hops a caller makes, named by the screen they answer; latencies are also reported per step. */
enum Step {
  DIAL("dial *144# -> language menu"),
  MAIN_MENU("1 -> main menu"),
  RIGHTS("1*2 -> rights"),
  PAY_MENU("1*1 -> pay menu"),
  PAY_WHOLE_HOUSEHOLD("1*1*1 -> confirmation"),
  PAY_CONFIRM("confirm -> payment requested");

  final String label;

  Step(String label) {
    this.label = label;
  }
}
