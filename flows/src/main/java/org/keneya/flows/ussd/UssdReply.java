package org.keneya.flows.ussd;

import java.util.List;

/** The answer to one hop: the screen, whether the session goes on, its new state and the effects to run. */
public record UssdReply(String screen, boolean end, MenuState state, List<Effect> effects) {
  static UssdReply next(String screen, MenuState state) {
    return new UssdReply(screen, false, state, List.of());
  }

  static UssdReply close(String screen, MenuState state, Effect... effects) {
    return new UssdReply(screen, true, state, List.of(effects));
  }
}
