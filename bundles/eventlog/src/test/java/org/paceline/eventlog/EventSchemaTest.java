package org.paceline.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema file and the code describe the same events: every type, every payload field in
 * order, its JSON type and whether it may be null.
 */
class EventSchemaTest {

  private static JsonNode schema;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = EventCodec.class.getResourceAsStream(EventCodec.SCHEMA_RESOURCE)) {
      assertThat(in).as(EventCodec.SCHEMA_RESOURCE).isNotNull();
      schema = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void theEnvelopeRequiresTheDocumentedFields() {
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    assertThat(required)
        .containsExactly("cluster", "seq", "time", "node", "type", "subject", "payload");
    assertThat(schema.at("/properties/schema/const").asInt()).isEqualTo(EventCodec.SCHEMA_VERSION);
  }

  @Test
  void everyTypeHasADefinitionAndAConditionalReference() {
    List<String> defs = new ArrayList<>();
    schema.get("$defs").fieldNames().forEachRemaining(defs::add);
    List<String> types = Stream.of(EventType.values()).map(EventType::wireName).toList();
    assertThat(defs).containsExactlyInAnyOrderElementsOf(types);
    Map<String, String> refs =
        Stream.of(toArray(schema.get("allOf")))
            .collect(
                Collectors.toMap(
                    n -> n.at("/if/properties/type/const").asText(),
                    n -> n.at("/then/properties/payload/$ref").asText()));
    for (String t : types) {
      assertThat(refs).containsEntry(t, "#/$defs/" + t);
    }
  }

  @Test
  void payloadFieldsMatchTheRecordsInOrderTypeAndNullability() throws Exception {
    for (EventType t : EventType.values()) {
      JsonNode def = schema.get("$defs").get(t.wireName());
      RecordComponent[] components = t.payloadType().getRecordComponents();
      List<String> names = Stream.of(components).map(RecordComponent::getName).toList();
      List<String> props = new ArrayList<>();
      def.get("properties").fieldNames().forEachRemaining(props::add);
      assertThat(props).as(t.wireName()).containsExactlyElementsOf(names);
      List<String> required = new ArrayList<>();
      def.get("required").forEach(n -> required.add(n.asText()));
      assertThat(required).as(t.wireName() + " required").containsExactlyElementsOf(names);
      for (int i = 0; i < components.length; i++) {
        JsonNode type = def.get("properties").get(names.get(i)).get("type");
        String where = t.wireName() + "." + names.get(i);
        Class<?> java = components[i].getType();
        if (java == String.class) {
          boolean nullable = acceptsNull(t.payloadType(), components, i);
          assertThat(type.toString())
              .as(where)
              .isEqualTo(nullable ? "[\"string\",\"null\"]" : "\"string\"");
        } else if (java == int.class || java == long.class) {
          assertThat(type.asText()).as(where).isEqualTo("integer");
        } else if (java == boolean.class) {
          assertThat(type.asText()).as(where).isEqualTo("boolean");
        } else if (java == List.class) {
          assertThat(type.asText()).as(where).isEqualTo("array");
        } else {
          throw new AssertionError(where + " has an unexpected Java type " + java);
        }
      }
    }
  }

  @Test
  void encodedSamplesHaveOnlyTheSchemasFields() {
    EventCodec codec = new EventCodec();
    for (EventPayload p : Samples.payloads()) {
      JsonNode tree = codec.toTree(Event.of("alpha", 1, Samples.TIME, "n1", p));
      List<String> fields = new ArrayList<>();
      tree.fieldNames().forEachRemaining(fields::add);
      List<String> known = new ArrayList<>();
      schema.get("properties").fieldNames().forEachRemaining(known::add);
      assertThat(known).containsAll(fields);
      assertThat(tree.get("time").asText()).matches(schema.at("/properties/time/pattern").asText());
      assertThat(tree.get("type").asText()).matches(schema.at("/properties/type/pattern").asText());
    }
  }

  /** Whether the record's constructor accepts null for String component {@code index}. */
  private static boolean acceptsNull(Class<?> type, RecordComponent[] components, int index)
      throws ReflectiveOperationException {
    Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Constructor<?> c = type.getDeclaredConstructor(types);
    Object[] args = new Object[components.length];
    for (int i = 0; i < args.length; i++) {
      Class<?> k = types[i];
      args[i] =
          i == index
              ? null
              : k == String.class
                  ? "x"
                  : k == int.class
                      ? 0
                      : k == long.class ? 0L : k == boolean.class ? false : List.of();
    }
    try {
      c.newInstance(args);
      return true;
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof NullPointerException) {
        return false;
      }
      throw e;
    }
  }

  private static JsonNode[] toArray(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out.toArray(new JsonNode[0]);
  }
}
