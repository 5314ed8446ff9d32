package org.paceline.eventlog;

import java.util.Objects;

/**
 * How events name what they are about: {@code kind/name} for objects ({@code node/n1}, {@code
 * resource/web}, {@code transition/42}) and a bare word for the cluster-wide things ({@code
 * cluster}, {@code cib}). The subject is also the Kafka record key.
 */
public final class Subjects {

  /** The cluster as a whole: membership-wide, quorum, DC. */
  public static final String CLUSTER = "cluster";

  /** The CIB. */
  public static final String CIB = "cib";

  private Subjects() {}

  /** {@code node/<name>}. */
  public static String node(String name) {
    return "node/" + Objects.requireNonNull(name, "name");
  }

  /** {@code resource/<id>}. */
  public static String resource(String id) {
    return "resource/" + Objects.requireNonNull(id, "id");
  }

  /** {@code transition/<number>}. */
  public static String transition(long number) {
    return "transition/" + number;
  }
}
