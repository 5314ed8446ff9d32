package org.paceline.cib.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered {@code String -> String} map stored as two arrays: the compact
 * form the model keeps attributes in (params, meta-attributes, transient attributes, the extra
 * attributes of recorded operations). It equals any {@link Map} with the same entries. The model's
 * records copy every map they are given into this form unless it already is one, so an importer can
 * share one instance among many records.
 */
public final class AttributeMap extends AbstractMap<String, String> {

  private static final AttributeMap EMPTY = new AttributeMap(new String[0], new String[0]);

  /** Above this size a hash index backs {@link #get}. */
  private static final int INDEX_THRESHOLD = 12;

  private final String[] keys;
  private final String[] values;
  private final Map<String, Integer> index;
  private int hash;

  private AttributeMap(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
    if (keys.length > INDEX_THRESHOLD) {
      Map<String, Integer> m = new HashMap<>(keys.length * 2);
      for (int i = 0; i < keys.length; i++) {
        m.put(keys[i], i);
      }
      index = m;
    } else {
      index = null;
    }
  }

  /** The empty map. */
  public static AttributeMap empty() {
    return EMPTY;
  }

  /**
   * An ordered copy of {@code map}, or {@code map} itself if it already is an {@code AttributeMap}.
   *
   * @throws IllegalArgumentException for a null or blank key or a null value; {@code what} names
   *     the map in the message
   */
  public static AttributeMap copyOf(Map<String, String> map, String what) {
    if (map == null || map.isEmpty()) {
      return EMPTY;
    }
    if (map instanceof AttributeMap a) {
      return a;
    }
    String[] k = new String[map.size()];
    String[] v = new String[map.size()];
    int i = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException(what + " has an attribute without a name");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(what + " attribute '" + e.getKey() + "' has no value");
      }
      k[i] = e.getKey();
      v[i] = e.getValue();
      i++;
    }
    return new AttributeMap(k, v);
  }

  /** An ordered copy of {@code map}. */
  public static AttributeMap copyOf(Map<String, String> map) {
    return copyOf(map, "attribute map");
  }

  private int indexOf(Object key) {
    if (index != null) {
      Integer i = index.get(key);
      return i == null ? -1 : i;
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && keys.length > 0) {
      for (int i = 0; i < keys.length; i++) {
        h += keys[i].hashCode() ^ values[i].hashCode();
      }
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof AttributeMap a) {
      if (a.keys.length != keys.length || a.hashCode() != hashCode()) {
        return false;
      }
      for (int i = 0; i < keys.length; i++) {
        if (!values[i].equals(a.get(keys[i]))) {
          return false;
        }
      }
      return true;
    }
    return super.equals(o);
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
