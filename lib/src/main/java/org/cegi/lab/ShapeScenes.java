package org.cegi.lab;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.cegi.internal.Check;

/**
 * The vision lab's seeded task data: small RGB scenes of one to three shapes (circle, square, triangle; each kind at
 * most once, so "the circle" names one shape) in four colours on white, drawn with Java2D (headless), whose content
 * the generator knows. Each scene has five COCO-style reference captions (paraphrases, shapes named left to right)
 * and VQA questions about colour, count, presence and relative position, each with ten VQA-style answers (numbers
 * also as words). Scenes are split into training and held-out scenes before any item is made, so held-out items
 * show images that training never saw.
 *
 * <pre>{@code
 * ShapeScenes data = ShapeScenes.generate(42L, 600, 60, 56);
 * data.train();                          // scenes to train on
 * data.heldOut();                        // scenes only scored on
 * data.writeHeldOut(Path.of("data"));    // captioning-heldout.jsonl, vqa-heldout.jsonl, images/*.png
 * }</pre>
 *
 * @param seed the seed every scene follows from
 * @param imageSize image side in pixels
 * @param train training scenes
 * @param heldOut held-out scenes (disjoint from training)
 */
public record ShapeScenes(long seed, int imageSize, List<Scene> train, List<Scene> heldOut) {
  /** Shape kinds. */
  public static final List<String> KINDS = List.of("circle", "square", "triangle");
  /** Colour names, with {@link #RGB} their drawing colours. */
  public static final List<String> COLORS = List.of("red", "green", "blue", "yellow");
  static final Color[] RGB = {new Color(220, 30, 30), new Color(30, 160, 60), new Color(40, 70, 220),
      new Color(235, 200, 20)};
  static final List<String> NUMBERS = List.of("zero", "one", "two", "three");
  /** Caption file name of the held-out set (captioning loader columns: id, image, text, references). */
  public static final String CAPTION_FILE = "captioning-heldout.jsonl";
  /** VQA file name of the held-out set (VQA loader columns: id, image, question, answer, answers). */
  public static final String VQA_FILE = "vqa-heldout.jsonl";

  public ShapeScenes {
    Check.positive("image size", imageSize);
    train = List.copyOf(train);
    heldOut = List.copyOf(heldOut);
  }

  /**
   * One shape: kind, colour index into {@link #COLORS}, top-left corner and side in pixels.
   */
  public record Shape(String kind, int color, int x, int y, int size) {
    /** {@code red circle}. */
    public String phrase() {
      return COLORS.get(color) + " " + kind;
    }

    public String colorName() {
      return COLORS.get(color);
    }
  }

  /** A scene: its id and its shapes, sorted left to right. */
  public record Scene(String id, List<Shape> shapes) {
    public Scene {
      Check.nonBlank("id", id);
      shapes = List.copyOf(shapes);
    }

    /** The shape of a kind, if the scene has one. */
    public java.util.Optional<Shape> shape(String kind) {
      return shapes.stream().filter(s -> s.kind().equals(kind)).findFirst();
    }
  }

  /** A question about a scene with its answer and ten VQA-style answers. */
  public record Question(String question, String answer, List<String> answers) {
    public Question {
      Check.nonBlank("question", question);
      Check.nonBlank("answer", answer);
      answers = List.copyOf(answers);
    }
  }

  /**
   * Generates {@code trainScenes + heldOutScenes} scenes from {@code seed}; the last {@code heldOutScenes} are
   * held out.
   *
   * @param imageSize side in pixels; a multiple of 28 (two 14-pixel patches), at least 56
   */
  public static ShapeScenes generate(long seed, int trainScenes, int heldOutScenes, int imageSize) {
    Check.positive("training scenes", trainScenes);
    Check.positive("held-out scenes", heldOutScenes);
    if (imageSize < 56 || imageSize % 28 != 0) {
      throw new IllegalArgumentException("image size " + imageSize + " must be a multiple of 28 and at least 56"
          + " (whole 2x2 groups of 14-pixel patches): use 56 or 84");
    }
    Random r = new Random(seed);
    List<Scene> all = new ArrayList<>();
    for (int i = 0; i < trainScenes + heldOutScenes; i++) {
      all.add(new Scene(String.format(Locale.ROOT, "scene-%05d", i), shapes(r, imageSize)));
    }
    return new ShapeScenes(seed, imageSize, all.subList(0, trainScenes), all.subList(trainScenes, all.size()));
  }

  /** 1–3 shapes of distinct kinds in distinct thirds of the width (so left/right is unambiguous). */
  static List<Shape> shapes(Random r, int side) {
    int n = 1 + r.nextInt(3);
    List<String> kinds = new ArrayList<>(KINDS);
    java.util.Collections.shuffle(kinds, r);
    List<Integer> columns = new ArrayList<>(List.of(0, 1, 2));
    java.util.Collections.shuffle(columns, r);
    int third = side / 3;
    List<Shape> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int size = third * 2 / 3 + r.nextInt(Math.max(1, third / 4));
      int col = columns.get(i);
      int x = col * third + r.nextInt(Math.max(1, third - size + 1));
      int y = 2 + r.nextInt(Math.max(1, side - size - 3));
      out.add(new Shape(kinds.get(i), r.nextInt(COLORS.size()), x, y, size));
    }
    out.sort(Comparator.comparingInt(Shape::x));
    return out;
  }

  /** The scene drawn as an RGB image of {@link #imageSize()} pixels. */
  public BufferedImage draw(Scene scene) {
    int side = imageSize;
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, side, side);
    for (Shape s : scene.shapes()) {
      g.setColor(RGB[s.color()]);
      switch (s.kind()) {
        case "circle" -> g.fillOval(s.x(), s.y(), s.size(), s.size());
        case "square" -> g.fillRect(s.x(), s.y(), s.size(), s.size());
        default -> g.fillPolygon(new int[] {s.x(), s.x() + s.size() / 2, s.x() + s.size()},
            new int[] {s.y() + s.size(), s.y(), s.y() + s.size()}, 3);
      }
    }
    g.dispose();
    return img;
  }

  /** The scene as PNG bytes. */
  public byte[] png(Scene scene) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(draw(scene), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode scene " + scene.id() + " as PNG: " + e.getMessage(), e);
    }
  }

  /** Five reference captions (COCO-style paraphrases), shapes named left to right. */
  public static List<String> captions(Scene scene) {
    List<String> parts = scene.shapes().stream().map(Shape::phrase).toList();
    String list = parts.size() == 1 ? "a " + parts.get(0)
        : parts.size() == 2 ? "a " + parts.get(0) + " and a " + parts.get(1)
        : "a " + parts.get(0) + ", a " + parts.get(1) + " and a " + parts.get(2);
    int n = parts.size();
    String count = NUMBERS.get(n) + (n == 1 ? " shape" : " shapes");
    return List.of(
        cap(list) + " on a white background.",
        cap(count) + " on white: " + list + ".",
        "A simple drawing of " + list + ".",
        "A white image showing " + list + ".",
        (n == 1 ? "A single " + parts.get(0) : cap(NUMBERS.get(n)) + " coloured shapes") + " drawn on a plain white"
            + " background.");
  }

  /**
   * The questions of a scene: count, the colour of each shape, presence of a present and (when one is missing) of an
   * absent kind, and with two or more shapes which kind is leftmost and rightmost.
   */
  public static List<Question> questions(Scene scene) {
    List<Shape> shapes = scene.shapes();
    int n = shapes.size();
    List<Question> out = new ArrayList<>();
    out.add(new Question("How many shapes are in the image?", Integer.toString(n),
        ten(Integer.toString(n), NUMBERS.get(n))));
    for (Shape s : shapes) {
      out.add(new Question("What color is the " + s.kind() + "?", s.colorName(), ten(s.colorName(), s.colorName())));
    }
    Shape first = shapes.get(0);
    out.add(new Question("Is there a " + first.kind() + " in the image?", "yes", ten("yes", "yes")));
    for (String k : KINDS) {
      if (scene.shape(k).isEmpty()) {
        out.add(new Question("Is there a " + k + " in the image?", "no", ten("no", "no")));
        break;
      }
    }
    if (n >= 2) {
      out.add(new Question("Which shape is on the left?", first.kind(), ten(first.kind(), first.kind())));
      Shape last = shapes.get(n - 1);
      out.add(new Question("Which shape is on the right?", last.kind(), ten(last.kind(), last.kind())));
    }
    return out;
  }

  /**
   * The pretext task of the base model, in a format the tasks never use: the shapes as {@code kind=colour} pairs,
   * left to right, separated by semicolons ({@code circle=red; square=blue}).
   */
  public static String inventory(Scene scene) {
    StringBuilder b = new StringBuilder();
    for (Shape s : scene.shapes()) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(s.kind()).append('=').append(s.colorName());
    }
    return b.toString();
  }

  /** Ten answers as VQA annotators give them: the canonical one seven times, the alternative three times. */
  private static List<String> ten(String canonical, String alternative) {
    List<String> a = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      a.add(k % 3 == 2 ? alternative : canonical);
    }
    return a;
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * Writes the held-out scenes as data sets the task loaders read ({@code Datasets.load("captioning", file, "")},
   * {@code Datasets.load("vqa", file, "")}): {@link #CAPTION_FILE}, {@link #VQA_FILE} and {@code images/<id>.png},
   * below {@code dir}.
   *
   * @return the two files, captioning first
   */
  public List<Path> writeHeldOut(Path dir) {
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    StringBuilder caps = new StringBuilder();
    StringBuilder vqa = new StringBuilder();
    try {
      Files.createDirectories(dir.resolve("images"));
      for (Scene s : heldOut) {
        String img = "images/" + s.id() + ".png";
        Files.write(dir.resolve(img), png(s));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", s.id());
        row.put("image", img);
        List<String> refs = captions(s);
        row.put("text", refs.get(0));
        row.put("references", refs);
        caps.append(gson.toJson(row)).append('\n');
        List<Question> qs = questions(s);
        for (int q = 0; q < qs.size(); q++) {
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("id", s.id() + "-q" + q);
          v.put("image", img);
          v.put("question", qs.get(q).question());
          v.put("answer", qs.get(q).answer());
          v.put("answers", qs.get(q).answers());
          vqa.append(gson.toJson(v)).append('\n');
        }
      }
      Path c = dir.resolve(CAPTION_FILE);
      Path v = dir.resolve(VQA_FILE);
      Files.writeString(c, caps.toString(), StandardCharsets.UTF_8);
      Files.writeString(v, vqa.toString(), StandardCharsets.UTF_8);
      return List.of(c, v);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the held-out scenes to " + dir + ": " + e.getMessage(), e);
    }
  }
}
