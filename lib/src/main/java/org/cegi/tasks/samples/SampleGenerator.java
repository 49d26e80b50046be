package org.cegi.tasks.samples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes the bundled samples of {@code data/tasks/}: scenes of coloured shapes whose content is known (captions and
 * question/answer pairs follow from it), template dialogues with their summaries, and small SQLite schemas with
 * questions and gold SQL in the {@code gretelai/synthetic_text_to_sql} columns. Everything comes from fixed seeds,
 * so the output is the same on every run.
 *
 * <pre>{@code
 * mvn -q -B -pl lib compile exec:java -Dexec.mainClass=org.cegi.tasks.samples.SampleGenerator -Dexec.args=../data/tasks
 * }</pre>
 */
public final class SampleGenerator {
  /** Items per task. */
  public static final int COUNT = 40;

  private static final String[] SHAPES = {"circle", "square", "triangle"};
  private static final String[] COLORS = {"red", "green", "blue", "yellow"};
  private static final Color[] RGB = {new Color(220, 30, 30), new Color(30, 160, 60), new Color(40, 70, 220),
      new Color(240, 200, 20)};
  private static final String[] NUMBER = {"zero", "one", "two", "three"};

  private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

  /** A shape in a scene. */
  record Shape(String kind, int color, int x, int y, int size) {}

  /** Writes every sample below {@code args[0]} (default {@code data/tasks}). */
  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "data/tasks");
    new SampleGenerator().writeAll(root);
    System.out.println("Wrote " + COUNT + " items per task to " + root.toAbsolutePath());
  }

  /** Writes the four samples below {@code root}. */
  public void writeAll(Path root) {
    writeCaptioning(root.resolve("captioning"), 7001);
    writeVqa(root.resolve("vqa"), 7002);
    writeSummarization(root.resolve("summarization"), 7003);
    writeTextToSql(root.resolve("text-to-sql"), 7004);
  }

  static List<Shape> scene(Random r) {
    int n = 1 + r.nextInt(3);
    List<Shape> shapes = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String kind;
      do {
        kind = SHAPES[r.nextInt(SHAPES.length)];
      } while (used.contains(kind));
      used.add(kind);
      int color = r.nextInt(COLORS.length);
      int size = 22 + r.nextInt(10);
      int x = 4 + i * 30 + r.nextInt(4);
      int y = 10 + r.nextInt(90 - size - 10);
      shapes.add(new Shape(kind, color, x, y, size));
    }
    return shapes;
  }

  static byte[] png(List<Shape> shapes) {
    BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 96, 96);
    for (Shape s : shapes) {
      g.setColor(RGB[s.color()]);
      switch (s.kind()) {
        case "circle" -> g.fillOval(s.x(), s.y(), s.size(), s.size());
        case "square" -> g.fillRect(s.x(), s.y(), s.size(), s.size());
        default -> g.fillPolygon(new int[] {s.x(), s.x() + s.size() / 2, s.x() + s.size()},
            new int[] {s.y() + s.size(), s.y(), s.y() + s.size()}, 3);
      }
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1));
    }
    g.dispose();
    try (var out = new java.io.ByteArrayOutputStream()) {
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG of a fixed scene (for tests of image handling). */
  public static byte[] drawForTest() {
    return png(scene(new Random(1)));
  }

  static String phrase(Shape s) {
    return COLORS[s.color()] + " " + s.kind();
  }

  static List<String> captions(List<Shape> shapes) {
    List<String> parts = shapes.stream().map(SampleGenerator::phrase).toList();
    String list = parts.size() == 1 ? "a " + parts.get(0)
        : parts.size() == 2 ? "a " + parts.get(0) + " and a " + parts.get(1)
        : "a " + parts.get(0) + ", a " + parts.get(1) + " and a " + parts.get(2);
    String n = NUMBER[shapes.size()];
    String plural = shapes.size() == 1 ? "shape" : "shapes";
    return List.of(
        cap(list) + " on a white background.",
        cap(n) + " " + plural + " on white: " + list + ".",
        "A simple drawing of " + list + ".",
        "A white image showing " + list + ".",
        (shapes.size() == 1 ? "A single " + parts.get(0) : cap(n) + " coloured shapes") + " drawn on a plain white"
            + " background.");
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  void writeCaptioning(Path dir, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      List<Shape> shapes = scene(r);
      String id = String.format(Locale.ROOT, "cap-%03d", i);
      String img = "images/" + id + ".png";
      write(dir.resolve(img), png(shapes));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("image", img);
      List<String> refs = captions(shapes);
      row.put("text", refs.get(0));
      row.put("references", refs);
      lines.add(gson.toJson(row));
    }
    writeLines(dir.resolve("captions.jsonl"), lines);
  }

  void writeVqa(Path dir, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < COUNT / 2; i++) {
      List<Shape> shapes = scene(r);
      String imgId = String.format(Locale.ROOT, "vqa-img-%03d", i);
      String img = "images/" + imgId + ".png";
      write(dir.resolve(img), png(shapes));
      List<String[]> qa = new ArrayList<>();
      int n = shapes.size();
      qa.add(new String[] {"How many shapes are in the image?", Integer.toString(n), NUMBER[n]});
      Shape s = shapes.get(r.nextInt(n));
      String absent = null;
      for (String k : SHAPES) {
        if (shapes.stream().noneMatch(x -> x.kind().equals(k))) {
          absent = k;
        }
      }
      int kind = r.nextInt(3);
      if (kind == 0) {
        qa.add(new String[] {"What color is the " + s.kind() + "?", COLORS[s.color()], COLORS[s.color()]});
      } else if (kind == 1 || absent == null) {
        qa.add(new String[] {"Is there a " + s.kind() + " in the image?", "yes", "yes"});
      } else {
        qa.add(new String[] {"Is there a " + absent + " in the image?", "no", "no"});
      }
      for (int q = 0; q < qa.size(); q++) {
        String[] x = qa.get(q);
        List<String> ten = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
          ten.add(k % 3 == 2 ? x[2] : x[1]);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", String.format(Locale.ROOT, "vqa-%03d", i * 2 + q));
        row.put("image", img);
        row.put("question", x[0]);
        row.put("answer", x[1]);
        row.put("answers", ten);
        lines.add(gson.toJson(row));
      }
    }
    writeLines(dir.resolve("questions.jsonl"), lines);
  }

  private static final String[] NAMES = {"Arlo", "Bette", "Cosmo", "Dalia", "Emrys", "Fenna", "Gideon", "Hilde",
      "Ivo", "Juno", "Kasper", "Lumi"};
  private static final String[] PLACES = {"the library", "the bakery", "the station", "the park", "the gym",
      "the office"};
  private static final String[] ITEMS = {"umbrella", "charger", "notebook", "bicycle pump", "board game", "ladder"};
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

  void writeSummarization(Path dir, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String a = NAMES[r.nextInt(NAMES.length)];
      String b;
      do {
        b = NAMES[r.nextInt(NAMES.length)];
      } while (b.equals(a));
      String place = PLACES[r.nextInt(PLACES.length)];
      String item = ITEMS[r.nextInt(ITEMS.length)];
      String day = DAYS[r.nextInt(DAYS.length)];
      int hour = 8 + r.nextInt(10);
      String dialogue;
      String summary;
      switch (i % 3) {
        case 0 -> {
          dialogue = a + ": Are we still meeting on " + day + "?\n" + b + ": Yes! At " + place + ", right?\n" + a
              + ": Right. Is " + hour + " o'clock fine?\n" + b + ": Perfect, see you there.";
          summary = a + " and " + b + " will meet at " + place + " on " + day + " at " + hour + " o'clock.";
        }
        case 1 -> {
          dialogue = a + ": Could I borrow your " + item + "?\n" + b + ": Sure, when do you need it?\n" + a + ": On "
              + day + ", I'll give it back the next day.\n" + b + ": No problem, pick it up at " + place + ".";
          summary = b + " will lend " + a + " the " + item + " on " + day + "; " + a + " will pick it up at " + place
              + ".";
        }
        default -> {
          dialogue = a + ": I can't make it to " + place + " on " + day + ".\n" + b + ": Oh no, what happened?\n" + a
              + ": My " + item + " broke and I have to fix it.\n" + b + ": Let's move it to next week then.";
          summary = a + " cannot go to " + place + " on " + day + " because the " + item + " broke; " + b
              + " suggests next week.";
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", String.format(Locale.ROOT, "dlg-%03d", i));
      row.put("dialogue", dialogue);
      row.put("summary", summary);
      lines.add(gson.toJson(row));
    }
    writeLines(dir.resolve("dialogues.jsonl"), lines);
  }

  private static final String[][] DOMAINS = {
      {"bookshop", "books", "title", "genre", "price", "fiction,poetry,science,travel"},
      {"orchard", "trees", "variety", "field", "yield_kg", "north,south,east,west"},
      {"cycling club", "rides", "rider", "route", "distance_km", "coast,hills,valley,city"},
      {"observatory", "observations", "observer", "target", "hours", "moon,mars,jupiter,saturn"},
  };

  void writeTextToSql(Path dir, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String[] d = DOMAINS[i % DOMAINS.length];
      String table = d[1];
      String[] cats = d[5].split(",");
      StringBuilder ctx = new StringBuilder("CREATE TABLE " + table + " (id INT, " + d[2] + " VARCHAR(40), " + d[3]
          + " VARCHAR(20), " + d[4] + " DECIMAL(8,2));");
      int rows = 4 + r.nextInt(3);
      ctx.append(" INSERT INTO ").append(table).append(" VALUES ");
      for (int k = 0; k < rows; k++) {
        String name = NAMES[r.nextInt(NAMES.length)] + " " + (char) ('A' + k);
        String cat = cats[r.nextInt(cats.length)];
        int value = 5 + r.nextInt(95);
        ctx.append(k == 0 ? "" : ", ").append("(").append(k + 1).append(", '").append(name).append("', '")
            .append(cat).append("', ").append(value).append(".00)");
      }
      ctx.append(";");
      String cat = cats[r.nextInt(cats.length)];
      int threshold = 20 + r.nextInt(60);
      String question;
      String sql;
      String complexity;
      switch (i % 5) {
        case 0 -> {
          question = "How many " + table + " have " + d[3] + " '" + cat + "'?";
          sql = "SELECT COUNT(*) FROM " + table + " WHERE " + d[3] + " = '" + cat + "';";
          complexity = "aggregation";
        }
        case 1 -> {
          question = "What is the total " + d[4] + " of " + table + " in " + d[3] + " '" + cat + "'?";
          sql = "SELECT SUM(" + d[4] + ") FROM " + table + " WHERE " + d[3] + " = '" + cat + "';";
          complexity = "aggregation";
        }
        case 2 -> {
          question = "List the " + d[2] + " of " + table + " whose " + d[4] + " is above " + threshold + ".";
          sql = "SELECT " + d[2] + " FROM " + table + " WHERE " + d[4] + " > " + threshold + ";";
          complexity = "basic SQL";
        }
        case 3 -> {
          question = "What is the average " + d[4] + " per " + d[3] + "?";
          sql = "SELECT " + d[3] + ", AVG(" + d[4] + ") FROM " + table + " GROUP BY " + d[3] + ";";
          complexity = "aggregation";
        }
        default -> {
          question = "Which " + d[2] + " has the highest " + d[4] + "?";
          sql = "SELECT " + d[2] + " FROM " + table + " ORDER BY " + d[4] + " DESC LIMIT 1;";
          complexity = "basic SQL";
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", 1000 + i);
      row.put("domain", d[0]);
      row.put("domain_description", "Synthetic records of a " + d[0] + ", written by cegi's sample generator.");
      row.put("sql_complexity", complexity);
      row.put("sql_complexity_description", complexity.equals("aggregation")
          ? "aggregation functions (COUNT, SUM, AVG) with optional GROUP BY" : "basic SELECT with WHERE or ORDER BY");
      row.put("sql_task_type", "analytics and reporting");
      row.put("sql_task_type_description", "generating reports, dashboards, and analytical insights");
      row.put("sql_prompt", question);
      row.put("sql_context", ctx.toString());
      row.put("sql", sql);
      row.put("sql_explanation", "Generated from a template by cegi; the query answers the question on the"
          + " table built by sql_context.");
      lines.add(gson.toJson(row));
    }
    writeLines(dir.resolve("questions.jsonl"), lines);
  }

  private static void write(Path p, byte[] bytes) {
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  private static void writeLines(Path p, List<String> lines) {
    write(p, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
