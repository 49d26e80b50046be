package org.cegi.eval.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Spider test-suite parity on {@code metrics/sql_exec.json} (all four settings). */
class SqlExecutionGoldenTest {
  @TempDir static Path dir;
  static JsonObject golden;
  static Map<String, List<Path>> suites = new HashMap<>();

  @BeforeAll
  static void build() throws IOException, URISyntaxException {
    try (var in = SqlExecutionGoldenTest.class.getResourceAsStream("/metrics/sql_exec.json")) {
      golden = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    }
    Path base = Path.of(SqlExecutionGoldenTest.class.getResource("/metrics/sql_exec.json").toURI()).getParent();
    for (var e : golden.getAsJsonObject("databases").entrySet()) {
      List<Path> suite = new ArrayList<>();
      JsonObject d = e.getValue().getAsJsonObject();
      String main = d.get("main").getAsString();
      List<String> scripts = new ArrayList<>();
      scripts.add(main);
      d.getAsJsonArray("suite_scripts").forEach(s -> {
        if (!s.getAsString().equals(main)) {
          scripts.add(s.getAsString());
        }
      });
      for (String s : scripts) {
        Path db = dir.resolve(Path.of(s).getFileName().toString().replace(".sql", ".sqlite"));
        SqlExecution.buildDatabase(base.resolve(s), db);
        suite.add(db);
      }
      suites.put(e.getKey(), suite);
    }
  }

  @TestFactory
  Stream<DynamicTest> cases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (var el : golden.getAsJsonArray("cases")) {
      JsonObject c = el.getAsJsonObject();
      for (String setting : List.of("default", "keep_distinct", "plug_value", "plug_value_keep_distinct")) {
        SqlExecution exec = SqlExecution.builder().keepDistinct(setting.contains("keep_distinct"))
            .plugValue(setting.startsWith("plug_value")).build();
        int expected = c.getAsJsonObject("expected").get(setting).getAsInt();
        tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + setting + " " + c.get("note").getAsString(),
            () -> {
              SqlExecution.Outcome o = exec.evaluate(suites.get(c.get("db_id").getAsString()),
                  c.get("gold").getAsString(), c.get("pred").getAsString());
              assertThat(o.score()).as(o.toString()).isEqualTo(expected);
              assertThat(o.orderMatters()).isEqualTo(c.get("order_matters").getAsBoolean());
            }));
      }
    }
    return tests.stream();
  }
}
