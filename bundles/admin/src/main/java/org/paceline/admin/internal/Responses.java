package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Building the admin API's answers. */
final class Responses {

  private Responses() {}

  /** A new empty JSON object. */
  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** 200 with {@code body}. */
  static AdminApi.Response ok(ObjectNode body) {
    return new AdminApi.Response(200, body);
  }

  /** A JSON error body {@code {"error": message}}. */
  static AdminApi.Response error(int status, String message) {
    ObjectNode body = object();
    body.put("error", message);
    return new AdminApi.Response(status, body);
  }
}
