package org.keneya.flows.ussd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts a list too long for one USSD screen into screens. Each screen is a title line, as many
 * whole lines as fit, and a footer; the split is made with the longest footer a screen can have,
 * so that a page never changes when its navigation labels do. Sizes are measured by {@code size},
 * which counts as the network does.
 */
final class Pages {
  private Pages() {}

  /** The lines of each page; a single line too long for any page gets a page of its own. */
  static List<List<String>> split(String title, List<String> lines, String longestFooter, int maxScreen, ToIntFunction<String> size) {
    int room = maxScreen - size.applyAsInt(title) - 1 - (longestFooter.isEmpty() ? 0 : size.applyAsInt(longestFooter) + 1);
    List<List<String>> pages = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int used = 0;
    for (String line : lines) {
      int cost = size.applyAsInt(line) + (current.isEmpty() ? 0 : 1);
      if (!current.isEmpty() && used + cost > room) {
        pages.add(current);
        current = new ArrayList<>();
        cost = size.applyAsInt(line);
        used = 0;
      }
      current.add(line);
      used += cost;
    }
    if (!current.isEmpty() || pages.isEmpty()) pages.add(current);
    return pages;
  }

  static String render(String title, List<String> lines, String footer) {
    StringBuilder screen = new StringBuilder(title);
    for (String line : lines) screen.append('\n').append(line);
    if (!footer.isEmpty()) screen.append('\n').append(footer);
    return screen.toString();
  }
}
