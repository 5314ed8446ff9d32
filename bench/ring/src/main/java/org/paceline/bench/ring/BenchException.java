package org.paceline.bench.ring;

/** A bench run that cannot go on: a node did not answer in time, ended, or said ERROR. */
final class BenchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
