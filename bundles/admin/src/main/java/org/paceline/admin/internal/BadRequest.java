package org.paceline.admin.internal;

/** A request the API refuses with 400; the message names the field and what is wrong with it. */
final class BadRequest extends Exception {

  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message);
  }
}
