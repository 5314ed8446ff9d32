package org.paceline.cib.validate;

/** How serious a {@link Finding} is. */
public enum Severity {
  /** The configuration is wrong: Pacemaker would reject or ignore part of it. */
  ERROR,
  /** The configuration works but is probably not what was meant. */
  WARNING
}
