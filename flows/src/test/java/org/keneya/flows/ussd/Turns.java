package org.keneya.flows.ussd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiFunction;
import java.util.function.Function;

/** Plays the turns of a menu that asks the shell for work, as the gateway does, for the menus' tests. */
public final class Turns {
  private Turns() {}

  /** Feeds {@code turn}'s work to {@code shell} and its outcome back to {@code resume}, until the menu answers. */
  public static <S extends UssdState, W, O> Turn<S, W> settle(Turn<S, W> turn, Function<W, O> shell, BiFunction<S, O, Turn<S, W>> resume) {
    Turn<S, W> next = turn;
    while (next instanceof Turn.Await<S, W> await) next = resume.apply(await.state(), shell.apply(await.work()));
    return next;
  }

  /** {@code turn} as the screen it must be, checked against the network rule. */
  @SuppressWarnings("unchecked")
  public static <S extends UssdState, W> Turn.Show<S, W> shown(Turn<S, W> turn) {
    assertThat(turn).isInstanceOf(Turn.Show.class);
    Turn.Show<S, W> show = (Turn.Show<S, W>) turn;
    ScreenRule.assertReachesEveryNetwork(show.state().language(), show.screen());
    return show;
  }
}
