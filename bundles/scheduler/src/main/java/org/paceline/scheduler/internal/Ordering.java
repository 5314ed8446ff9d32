package org.paceline.scheduler.internal;

/** An ordering edge between two actions, with Pacemaker's ordering flags. */
final class Ordering {

  static final int NONE = 0;
  static final int OPTIONAL = 1;
  static final int IMPLIES_THEN = 1 << 1;
  static final int IMPLIES_FIRST = 1 << 2;
  static final int RUNNABLE_LEFT = 1 << 3;
  static final int RESTART = 1 << 4;
  static final int PROMOTED_IMPLIES_FIRST = 1 << 5;
  static final int IMPLIES_FIRST_PRINTED = 1 << 6;
  static final int IMPLIES_THEN_PRINTED = 1 << 7;
  static final int ONE_OR_MORE = 1 << 8;
  static final int SERIALIZE_ONLY = 1 << 9;
  static final int ASYMMETRICAL = 1 << 10;
  static final int SAME_NODE = 1 << 11;
  static final int THEN_CANCELS_FIRST = 1 << 12;
  static final int PSEUDO_LEFT = 1 << 13;
  static final int IMPLIES_THEN_ON_NODE = 1 << 14;
  static final int PROBE = 1 << 15;
  static final int IMPLIES_FIRST_MIGRATABLE = 1 << 16;

  final Action first;
  final Action then;
  int type;

  Ordering(Action first, Action then, int type) {
    this.first = first;
    this.then = then;
    this.type = type;
  }

  boolean has(int flag) {
    return (type & flag) != 0;
  }

  @Override
  public String toString() {
    return first + " -> " + then + " [" + Integer.toHexString(type) + "]";
  }
}
