package io.github.trialbook.eval;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/** Reads the scikit-learn fixtures written by src/test/python/make_sklearn_fixtures.py. */
final class Fixtures {
  static final double TOLERANCE = 1e-12;
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private Fixtures() {}

  static JsonNode load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/sklearn/" + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture /sklearn/" + name + " is missing; run "
            + "src/test/python/make_sklearn_fixtures.py");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A typed Tablesaw column from a JSON array of strings, integers or booleans. */
  static Column<?> column(String name, JsonNode values) {
    JsonNode first = values.get(0);
    if (first.isTextual()) {
      StringColumn c = StringColumn.create(name);
      values.forEach(v -> c.append(v.asText()));
      return c;
    }
    if (first.isBoolean()) {
      BooleanColumn c = BooleanColumn.create(name);
      values.forEach(v -> c.append(v.asBoolean()));
      return c;
    }
    if (first.isIntegralNumber()) {
      IntColumn c = IntColumn.create(name);
      values.forEach(v -> c.append(v.asInt()));
      return c;
    }
    DoubleColumn c = DoubleColumn.create(name);
    values.forEach(v -> c.append(v.asDouble()));
    return c;
  }

  static Object label(JsonNode v) {
    return v.isTextual() ? v.asText() : v.isBoolean() ? (Object) v.asBoolean() : (Object) v.asLong();
  }

  static Object[] labels(JsonNode array) {
    List<Object> out = new ArrayList<>();
    array.forEach(v -> out.add(label(v)));
    return out.toArray();
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /** NaN-aware comparison to {@link #TOLERANCE}. */
  static boolean close(double expected, double actual) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    return Math.abs(expected - actual) <= TOLERANCE;
  }
}
