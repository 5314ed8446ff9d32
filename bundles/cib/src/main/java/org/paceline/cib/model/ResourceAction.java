package org.paceline.cib.model;

import java.util.Locale;

/** The actions an order constraint can refer to ({@code first-action}, {@code then-action}). */
public enum ResourceAction {
  START,
  STOP,
  PROMOTE,
  DEMOTE;

  public static ResourceAction parse(String text) {
    return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
      case "start" -> START;
      case "stop" -> STOP;
      case "promote" -> PROMOTE;
      case "demote" -> DEMOTE;
      default ->
          throw new IllegalArgumentException(
              "unknown action '" + text + "': expected start, stop, promote or demote");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
