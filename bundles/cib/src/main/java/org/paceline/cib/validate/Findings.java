package org.paceline.cib.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Collects findings; duplicates collapse and the result is sorted. */
final class Findings {

  private final TreeSet<Finding> findings = new TreeSet<>();

  void error(String objectId, String message) {
    findings.add(Finding.error(objectId, message));
  }

  void warning(String objectId, String message) {
    findings.add(Finding.warning(objectId, message));
  }

  List<Finding> sorted() {
    return List.copyOf(new ArrayList<>(findings));
  }
}
