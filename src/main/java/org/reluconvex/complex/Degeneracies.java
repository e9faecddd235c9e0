package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.List;

/**
 * Configurations a build could not resolve: the first few described, the rest counted (a badly
 * degenerate network can produce one per face).
 */
final class Degeneracies {
  static final int MAX_REPORTED = 5;

  private final List<String> reported = new ArrayList<>();
  private int count;

  void add(String message) {
    count++;
    if (reported.size() < MAX_REPORTED) reported.add(message);
  }

  /** The descriptions, followed by a line counting those not described. */
  List<String> list() {
    List<String> out = new ArrayList<>(reported);
    if (count > reported.size()) out.add("... " + (count - reported.size()) + " more unresolved configurations");
    return out;
  }
}
