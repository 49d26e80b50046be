package org.cegi.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden vectors under {@code src/test/resources/metrics/}. */
final class Golden {
  static final double TOL = 1e-9;

  private Golden() {}

  static JsonObject load(String file) {
    try (InputStream in = Golden.class.getResourceAsStream("/metrics/" + file)) {
      assertThat(in).as("golden file " + file).isNotNull();
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonObject> objects(JsonArray a) {
    List<JsonObject> out = new ArrayList<>();
    a.forEach(e -> out.add(e.getAsJsonObject()));
    return out;
  }

  /** Strings of a JSON array; JSON null becomes Java null. */
  static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : a) {
      out.add(e.isJsonNull() ? null : e.getAsString());
    }
    return out;
  }

  static List<List<String>> stringLists(JsonArray a) {
    List<List<String>> out = new ArrayList<>();
    a.forEach(e -> out.add(strings(e.getAsJsonArray())));
    return out;
  }

  static List<Long> longs(JsonArray a) {
    List<Long> out = new ArrayList<>();
    a.forEach(e -> out.add(e.getAsLong()));
    return out;
  }

  static void close(String what, double actual, double expected) {
    double tol = Math.max(TOL, Math.abs(expected) * 1e-12);
    assertThat(actual).as(what).isCloseTo(expected, within(tol));
  }

  static String withoutVersion(String signature) {
    int i = signature.indexOf("|version:");
    return i < 0 ? signature : signature.substring(0, i);
  }
}
