package org.cegi.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.cegi.eval.sql.SqlExecution;

/**
 * Seeded synthetic text-to-SQL data over one small SQLite database ({@code employees}, {@code products}): questions
 * from templates with paraphrases, each with its gold query, split into training and held-out items so that no
 * held-out question occurs in training. The generator writes the database too, so execution accuracy is exact.
 *
 * <pre>{@code
 * SqlTaskData data = SqlTaskData.generate(42, 0.2);
 * Path db = data.writeDatabase(dir.resolve("company.sqlite"));
 * data.train().size(); data.heldOut().get(0).answer();   // SELECT COUNT(*) FROM employees WHERE ...
 * }</pre>
 */
public final class SqlTaskData {
  /** The task name the items carry. */
  public static final String TASK = "text-to-sql";

  static final List<String> FIRST_NAMES = List.of("Alice", "Bruno", "Clara", "David", "Elena", "Felix", "Greta",
      "Hugo", "Irene", "Jonas", "Karin", "Louis", "Marta", "Nils", "Olga", "Pablo", "Rosa", "Sven", "Tara", "Victor");
  static final List<String> DEPARTMENTS = List.of("sales", "research", "support", "finance", "design");
  static final List<String> CITIES = List.of("Paris", "Berlin", "Madrid", "Rome", "Oslo", "Vienna");
  static final List<String> PRODUCTS = List.of("lamp", "chair", "table", "kettle", "puzzle", "novel", "hammer",
      "drill", "kite", "ball", "atlas", "shovel", "clock", "mirror", "sofa");
  static final List<String> CATEGORIES = List.of("toys", "books", "tools", "garden", "home");

  private final long seed;
  private final String script;
  private final List<LabExample> train;
  private final List<LabExample> heldOut;

  private SqlTaskData(long seed, String script, List<LabExample> train, List<LabExample> heldOut) {
    this.seed = seed;
    this.script = script;
    this.train = List.copyOf(train);
    this.heldOut = List.copyOf(heldOut);
  }

  /**
   * Generates the database script and every question, then holds out a seeded share of them.
   *
   * @param seed seed of the rows, the question order and the split
   * @param heldOutShare share of questions held out, in (0, 1)
   */
  public static SqlTaskData generate(long seed, double heldOutShare) {
    if (!(heldOutShare > 0 && heldOutShare < 1)) {
      throw new IllegalArgumentException("held-out share must lie in (0, 1), got " + heldOutShare
          + ": pass for example 0.2");
    }
    Random r = new Random(seed);
    String script = script(r);
    Map<String, String> all = new LinkedHashMap<>();
    for (String d : DEPARTMENTS) {
      String q = "WHERE department = '" + d + "'";
      add(all, "SELECT COUNT(*) FROM employees " + q + ";",
          "How many employees work in " + d + "?", "Count the employees of the " + d + " department.");
      add(all, "SELECT AVG(salary) FROM employees " + q + ";",
          "What is the average salary in " + d + "?", "Give the mean salary of the " + d + " department.");
      add(all, "SELECT name FROM employees " + q + " ORDER BY salary DESC LIMIT 1;",
          "Who earns the most in " + d + "?", "Name the best paid employee of " + d + ".");
      add(all, "SELECT name FROM employees " + q + ";",
          "List the employees of " + d + ".", "Who works in " + d + "?");
      for (int n = 25; n <= 60; n += 5) {
        add(all, "SELECT name FROM employees " + q + " AND age > " + n + ";",
            "Who in " + d + " is older than " + n + "?");
      }
    }
    for (String c : CITIES) {
      add(all, "SELECT name FROM employees WHERE city = '" + c + "';",
          "Who lives in " + c + "?", "List the employees based in " + c + ".");
      for (int n = 25; n <= 60; n += 5) {
        add(all, "SELECT COUNT(*) FROM employees WHERE city = '" + c + "' AND age < " + n + ";",
            "How many employees in " + c + " are younger than " + n + "?");
      }
    }
    for (int n = 20; n <= 65; n++) {
      add(all, "SELECT name FROM employees WHERE age > " + n + ";",
          "List the employees older than " + n + ".", "Which employees are older than " + n + "?");
    }
    for (int s = 2000; s <= 9000; s += 250) {
      add(all, "SELECT name FROM employees WHERE salary > " + s + ";",
          "Which employees earn more than " + s + "?", "Who has a salary above " + s + "?");
    }
    for (String c : CATEGORIES) {
      String q = "WHERE category = '" + c + "'";
      add(all, "SELECT MAX(price) FROM products " + q + ";",
          "What is the highest price of " + c + "?", "How much does the dearest of the " + c + " cost?");
      add(all, "SELECT name FROM products " + q + ";", "List the " + c + " products.", "Which products are " + c + "?");
      add(all, "SELECT COUNT(*) FROM products " + q + ";", "How many " + c + " products are there?");
      for (int p = 10; p <= 90; p += 10) {
        add(all, "SELECT name FROM products " + q + " AND price < " + p + ";",
            "Which " + c + " products cost less than " + p + "?");
      }
    }
    for (int p = 5; p <= 95; p += 2) {
      add(all, "SELECT name FROM products WHERE price < " + p + ";",
          "Which products cost less than " + p + "?", "List the products cheaper than " + p + ".");
    }
    for (int k = 2; k <= 40; k += 2) {
      add(all, "SELECT COUNT(*) FROM products WHERE stock < " + k + ";",
          "How many products have fewer than " + k + " in stock?");
    }
    List<LabExample> items = new ArrayList<>();
    all.forEach((question, sql) -> items.add(new LabExample(TASK, question, sql)));
    Collections.shuffle(items, r);
    int cut = (int) Math.round(items.size() * heldOutShare);
    return new SqlTaskData(seed, script, items.subList(cut, items.size()), items.subList(0, cut));
  }

  private static void add(Map<String, String> all, String sql, String... questions) {
    for (String q : questions) {
      all.putIfAbsent(q, sql);
    }
  }

  private static String script(Random r) {
    StringBuilder b = new StringBuilder();
    b.append("CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT, department TEXT, city TEXT,"
        + " age INTEGER, salary INTEGER);\n");
    for (int i = 0; i < FIRST_NAMES.size(); i++) {
      b.append(String.format(Locale.ROOT, "INSERT INTO employees VALUES (%d, '%s', '%s', '%s', %d, %d);%n", i + 1,
          FIRST_NAMES.get(i), DEPARTMENTS.get(r.nextInt(DEPARTMENTS.size())), CITIES.get(r.nextInt(CITIES.size())),
          21 + r.nextInt(44), 2000 + 100 * r.nextInt(71)));
    }
    b.append("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, category TEXT, price INTEGER,"
        + " stock INTEGER);\n");
    for (int i = 0; i < PRODUCTS.size(); i++) {
      b.append(String.format(Locale.ROOT, "INSERT INTO products VALUES (%d, '%s', '%s', %d, %d);%n", i + 1,
          PRODUCTS.get(i), CATEGORIES.get(r.nextInt(CATEGORIES.size())), 3 + r.nextInt(95), r.nextInt(41)));
    }
    return b.toString();
  }

  public long seed() {
    return seed;
  }

  /** The SQL script that creates and fills the database. */
  public String script() {
    return script;
  }

  public List<LabExample> train() {
    return train;
  }

  public List<LabExample> heldOut() {
    return heldOut;
  }

  /** Writes the database file (replacing an older one) and returns it. */
  public Path writeDatabase(Path dbFile) {
    try {
      Files.createDirectories(dbFile.toAbsolutePath().getParent());
      Files.deleteIfExists(dbFile);
      Path sql = Files.createTempFile(dbFile.toAbsolutePath().getParent(), "lab-db", ".sql");
      try {
        Files.writeString(sql, script, StandardCharsets.UTF_8);
        SqlExecution.buildDatabase(sql, dbFile);
      } finally {
        Files.deleteIfExists(sql);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the lab database " + dbFile + ": " + e.getMessage(), e);
    }
    return dbFile;
  }
}
