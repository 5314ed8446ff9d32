package org.paceline.cib.model;

import java.util.Locale;

/**
 * A test on a node attribute ({@code <expression>}). The special attributes {@code #uname}, {@code
 * #id} and {@code #kind} name the node itself.
 *
 * @param attribute the node attribute, e.g. {@code #uname} or {@code datacenter}
 * @param operation the comparison
 * @param value the value compared with; {@code null} exactly for {@code defined} and {@code
 *     not_defined}
 * @param type how values are compared, default {@link Type#STRING}
 */
public record AttributeExpression(String attribute, Operation operation, String value, Type type)
    implements RuleExpression {

  /** The comparison of an expression. */
  public enum Operation {
    EQ("eq"),
    NE("ne"),
    LT("lt"),
    GT("gt"),
    LTE("lte"),
    GTE("gte"),
    DEFINED("defined"),
    NOT_DEFINED("not_defined");

    private final String text;

    Operation(String text) {
      this.text = text;
    }

    public boolean unary() {
      return this == DEFINED || this == NOT_DEFINED;
    }

    public static Operation parse(String text) {
      for (Operation o : values()) {
        if (o.text.equalsIgnoreCase(text == null ? "" : text.trim())) {
          return o;
        }
      }
      throw new IllegalArgumentException(
          "unknown expression operation '"
              + text
              + "': expected eq, ne, lt, gt, lte, gte, defined or not_defined");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** How an expression compares values. */
  public enum Type {
    STRING,
    INTEGER,
    NUMBER,
    VERSION;

    public static Type parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "string" -> STRING;
        case "integer", "int" -> INTEGER;
        case "number" -> NUMBER;
        case "version" -> VERSION;
        default ->
            throw new IllegalArgumentException(
                "unknown expression type '"
                    + text
                    + "': expected string, integer, number or version");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AttributeExpression {
    Checks.nonBlank(attribute, "expression attribute");
    Checks.required(operation, "expression '" + attribute + "' operation");
    type = type == null ? Type.STRING : type;
    if (operation.unary()) {
      if (value != null) {
        throw new IllegalArgumentException(
            "expression '" + attribute + " " + operation + "' takes no value, got '" + value + "'");
      }
    } else {
      if (value == null) {
        throw new IllegalArgumentException(
            "expression '" + attribute + " " + operation + "' needs a value");
      }
      checkValue(value, type, attribute);
    }
  }

  private static void checkValue(String value, Type type, String attribute) {
    try {
      switch (type) {
        case INTEGER -> Long.parseLong(value.trim());
        case NUMBER -> Double.parseDouble(value.trim());
        case VERSION -> {
          if (!value.trim().matches("\\d+(\\.\\d+)*")) {
            throw new NumberFormatException();
          }
        }
        case STRING -> {}
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expression '" + attribute + "' value '" + value + "' is not a valid " + type, e);
    }
  }

  /** {@code attribute op value} with the default string type. */
  public static AttributeExpression of(String attribute, Operation op, String value) {
    return new AttributeExpression(attribute, op, value, Type.STRING);
  }

  /** {@code #uname eq node}. */
  public static AttributeExpression unameIs(String node) {
    return of("#uname", Operation.EQ, node);
  }
}
