package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.batch.SecretScrubber;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes and reads stage outputs so that they come back as they went in.
 *
 * <p>Encoding: JSON where JSON is exact — strings, booleans, null, {@code int}, {@code long}
 * outside the int range, {@code BigInteger} outside the long range, finite {@code double}
 * (including -0.0), maps (string keys), lists. Any value JSON would not give back with its type is
 * a one-field <em>tag object</em> whose key starts with {@code $}:
 * {@code {"$double":"NaN"}}, {@code {"$double":"Infinity"}}, {@code {"$double":"-Infinity"}},
 * {@code {"$long":5}}, {@code {"$bigint":"5"}}, {@code {"$float":"0.1"}},
 * {@code {"$decimal":"1.10"}}, {@code {"$short":5}}, {@code {"$byte":5}}. A user map with a key
 * starting with {@code $} is wrapped as {@code {"$map":{...}}}, so a tag is never ambiguous.
 *
 * <p>Maps come back as immutable maps in their written order (small ones as a compact array
 * map); lists, arrays and sets as lists; enums, java.time values, UUIDs, paths and URIs as their
 * {@code toString()}; records and Jackson-serializable beans as maps of their properties.
 */
final class ValueCodec {
  /** Converts records and beans; its limits are the log's, so what it converts can be read. */
  static final ObjectMapper MAPPER = new ObjectMapper(JsonLimits.factory());

  private ValueCodec() {}

  /** Writes {@code value}; an {@link IllegalArgumentException} says why it cannot be written. */
  static void write(JsonGenerator g, Object value, SecretScrubber scrubber) throws IOException {
    write(g, value, scrubber, 0);
  }

  private static void write(JsonGenerator g, Object v, SecretScrubber scrubber, int depth)
      throws IOException {
    JsonLimits.checkDepth(depth);
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      JsonLimits.checkString(s, "a string"); // scrubbing only shortens it
      g.writeString((String) scrubber.scrubValue(s));
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Double d) {
      writeDouble(g, d);
    } else if (v instanceof Long l) {
      if (l == l.intValue()) {
        tag(g, "$long").writeNumber(l);
        g.writeEndObject();
      } else {
        g.writeNumber(l);
      }
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Map<?, ?> map) {
      writeMap(g, map, scrubber, depth);
    } else if (v instanceof Collection<?> list) {
      g.writeStartArray();
      for (Object e : list) {
        write(g, e, scrubber, depth + 1);
      }
      g.writeEndArray();
    } else if (v instanceof Object[] array) {
      write(g, Arrays.asList(array), scrubber, depth);
    } else if (v instanceof double[] array) {
      g.writeStartArray();
      for (double d : array) {
        writeDouble(g, d);
      }
      g.writeEndArray();
    } else if (v instanceof int[] array) {
      g.writeArray(array, 0, array.length);
    } else if (v instanceof long[] array) {
      g.writeStartArray();
      for (long l : array) {
        write(g, l, scrubber, depth + 1);
      }
      g.writeEndArray();
    } else if (v instanceof BigInteger big) {
      JsonLimits.checkNumber(big);
      if (big.bitLength() < 64) {
        tag(g, "$bigint").writeString(big.toString());
        g.writeEndObject();
      } else {
        g.writeNumber(big);
      }
    } else if (v instanceof Float f) {
      tag(g, "$float").writeString(f.toString());
      g.writeEndObject();
    } else if (v instanceof BigDecimal dec) {
      JsonLimits.checkNumber(dec);
      tag(g, "$decimal").writeString(dec.toString());
      g.writeEndObject();
    } else if (v instanceof Short s) {
      tag(g, "$short").writeNumber(s);
      g.writeEndObject();
    } else if (v instanceof Byte b) {
      tag(g, "$byte").writeNumber(b);
      g.writeEndObject();
    } else if (v instanceof Character || v instanceof Enum<?> || v instanceof TemporalAccessor
        || v instanceof Duration || v instanceof UUID || v instanceof Path || v instanceof URI) {
      String text = v instanceof Enum<?> e ? e.name() : v.toString();
      JsonLimits.checkString(text, "a " + v.getClass().getSimpleName());
      g.writeString((String) scrubber.scrubValue(text));
    } else if (v instanceof Optional<?> o) {
      write(g, o.orElse(null), scrubber, depth);
    } else {
      write(g, asTree(v), scrubber, depth + 1);
    }
  }

  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isFinite(d)) {
      g.writeNumber(d);
    } else {
      tag(g, "$double").writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
      g.writeEndObject();
    }
  }

  private static JsonGenerator tag(JsonGenerator g, String name) throws IOException {
    g.writeStartObject();
    g.writeFieldName(name);
    return g;
  }

  private static void writeMap(JsonGenerator g, Map<?, ?> map, SecretScrubber scrubber, int depth)
      throws IOException {
    boolean wrap = false;
    for (Object key : map.keySet()) {
      if (key == null) {
        throw new IllegalArgumentException("a map has a null key; use a string key");
      }
      if (key instanceof String s ? s.startsWith("$") : key.toString().startsWith("$")) {
        wrap = true;
        break;
      }
    }
    if (wrap) {
      tag(g, "$map");
    }
    g.writeStartObject();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object key = e.getKey();
      String name = key instanceof String s ? s : key.toString();
      JsonLimits.checkName(name);
      g.writeFieldName((String) scrubber.scrubValue(name));
      write(g, e.getValue(), scrubber, depth + 1);
    }
    g.writeEndObject();
    if (wrap) {
      g.writeEndObject();
    }
  }

  /** Records and beans become maps and lists through Jackson's own serializers. */
  private static Object asTree(Object v) {
    try {
      return MAPPER.convertValue(v, Object.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Jackson cannot serialize " + v.getClass().getName()
          + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Reads the value at the parser's current token (already advanced onto it). */
  static Object read(JsonParser p) throws IOException {
    return read(p, StringPool.NONE);
  }

  /** As {@link #read(JsonParser)}, sharing repeated short strings through {@code pool}. */
  static Object read(JsonParser p, StringPool pool) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_STRING:
        return pool.share(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return p.getIntValue();
          case LONG:
            return p.getLongValue();
          default:
            return p.getBigIntegerValue();
        }
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p, pool));
        }
        return list;
      }
      case START_OBJECT:
        return readObject(p, pool);
      default:
        throw new IOException("unexpected " + t + " in an output");
    }
  }

  private static Object readObject(JsonParser p, StringPool pool) throws IOException {
    String first = p.nextFieldName();
    if (first == null) {
      return Map.of();
    }
    if (first.startsWith("$")) {
      p.nextToken();
      Object value = readTag(p, first, pool);
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw new IOException("tag object " + first + " has more than one field");
      }
      return value;
    }
    return readFields(p, first, pool);
  }

  private static Map<String, Object> readFields(JsonParser p, String first, StringPool pool)
      throws IOException {
    String[] keys = new String[4];
    Object[] values = new Object[4];
    int n = 0;
    for (String name = first; name != null; name = p.nextFieldName()) {
      p.nextToken();
      Object value = read(p, pool);
      if (n == CompactMap.MAX_SIZE) {
        return readLargeMap(p, keys, values, n, name, value, pool);
      }
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      if (indexOf(keys, n, name) >= 0) {
        throw new IOException("duplicate field '" + name + "' in an output map");
      }
      keys[n] = name;
      values[n++] = value;
    }
    return new CompactMap(keys, values, n);
  }

  private static int indexOf(String[] keys, int n, String key) {
    for (int i = 0; i < n; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Object> readLargeMap(JsonParser p, String[] keys, Object[] values,
      int n, String name, Object value, StringPool pool) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(keys[i], values[i]);
    }
    map.put(name, value);
    for (String next = p.nextFieldName(); next != null; next = p.nextFieldName()) {
      p.nextToken();
      map.put(next, read(p, pool));
    }
    return map;
  }

  private static Object readTag(JsonParser p, String tag, StringPool pool) throws IOException {
    switch (tag) {
      case "$double":
        switch (p.getText()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            throw new IOException("unknown $double value " + p.getText());
        }
      case "$long":
        return p.getLongValue();
      case "$bigint":
        return new BigInteger(p.getText());
      case "$float":
        return Float.valueOf(p.getText());
      case "$decimal":
        return new BigDecimal(p.getText());
      case "$short":
        return p.getShortValue();
      case "$byte":
        return p.getByteValue();
      case "$map": {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw new IOException("$map must hold an object");
        }
        String first = p.nextFieldName();
        return first == null ? Map.of() : readFields(p, first, pool);
      }
      default:
        throw new IOException("unknown tag " + tag);
    }
  }
}
