package org.cegi.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.VqaTask;
import org.cegi.tasks.data.Dataset;
import org.cegi.tasks.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vision lab's scenes: the drawn pixels show the truth, the split is disjoint, everything is seeded. */
class ShapeScenesTest {
  @TempDir Path tmp;

  @Test
  void theImageShowsEachShapeInItsColourInItsColumn() {
    ShapeScenes data = ShapeScenes.generate(7L, 50, 10, 84);
    for (ShapeScenes.Scene s : data.train()) {
      assertThat(s.shapes()).hasSizeBetween(1, 3);
      assertThat(s.shapes().stream().map(ShapeScenes.Shape::kind).distinct().count()).isEqualTo(s.shapes().size());
      BufferedImage img = data.draw(s);
      assertThat(img.getWidth()).isEqualTo(84);
      for (ShapeScenes.Shape sh : s.shapes()) {
        // the centre of every kind (the triangle's lower middle) is painted in the shape's colour
        int cx = sh.x() + sh.size() / 2;
        int cy = sh.y() + (sh.kind().equals("triangle") ? sh.size() * 3 / 4 : sh.size() / 2);
        assertThat(img.getRGB(cx, cy) & 0xffffff).as("%s in %s", sh, s.id())
            .isEqualTo(ShapeScenes.RGB[sh.color()].getRGB() & 0xffffff);
      }
      for (int i = 1; i < s.shapes().size(); i++) {
        ShapeScenes.Shape a = s.shapes().get(i - 1);
        assertThat(a.x() + a.size()).as("shapes do not overlap and are sorted left to right")
            .isLessThanOrEqualTo(s.shapes().get(i).x());
      }
    }
  }

  @Test
  void captionsAndAnswersFollowFromTheScene() {
    ShapeScenes.Scene s = new ShapeScenes.Scene("x", List.of(new ShapeScenes.Shape("square", 2, 2, 10, 12),
        new ShapeScenes.Shape("circle", 0, 30, 20, 12)));
    assertThat(ShapeScenes.captions(s)).hasSize(5).contains("A blue square and a red circle on a white background.",
        "Two shapes on white: a blue square and a red circle.");
    List<ShapeScenes.Question> qs = ShapeScenes.questions(s);
    assertThat(qs).extracting(ShapeScenes.Question::question, ShapeScenes.Question::answer).contains(
        org.assertj.core.groups.Tuple.tuple("How many shapes are in the image?", "2"),
        org.assertj.core.groups.Tuple.tuple("What color is the circle?", "red"),
        org.assertj.core.groups.Tuple.tuple("What color is the square?", "blue"),
        org.assertj.core.groups.Tuple.tuple("Is there a square in the image?", "yes"),
        org.assertj.core.groups.Tuple.tuple("Is there a triangle in the image?", "no"),
        org.assertj.core.groups.Tuple.tuple("Which shape is on the left?", "square"),
        org.assertj.core.groups.Tuple.tuple("Which shape is on the right?", "circle"));
    assertThat(qs.get(0).answers()).hasSize(10).contains("2", "two");
    assertThat(ShapeScenes.inventory(s)).isEqualTo("square=blue; circle=red");
  }

  @Test
  void splitIsDisjointAndGenerationIsDeterministic() {
    ShapeScenes a = ShapeScenes.generate(42L, 200, 30, 56);
    ShapeScenes b = ShapeScenes.generate(42L, 200, 30, 56);
    assertThat(a).isEqualTo(b);
    assertThat(Arrays.equals(a.png(a.heldOut().get(3)), b.png(b.heldOut().get(3)))).isTrue();
    assertThat(ShapeScenes.generate(43L, 200, 30, 56)).isNotEqualTo(a);
    Set<String> trainIds = new HashSet<>();
    Set<List<ShapeScenes.Shape>> trainShapes = new HashSet<>();
    a.train().forEach(s -> {
      trainIds.add(s.id());
      trainShapes.add(s.shapes());
    });
    for (ShapeScenes.Scene s : a.heldOut()) {
      assertThat(trainIds).doesNotContain(s.id());
      assertThat(trainShapes).as("held-out scene %s is not a training image", s.id()).doesNotContain(s.shapes());
    }
    assertThatThrownBy(() -> ShapeScenes.generate(1L, 10, 10, 60)).hasMessageContaining("multiple of 28");
  }

  @Test
  void heldOutFilesLoadThroughTheTaskLoaders() {
    ShapeScenes data = ShapeScenes.generate(42L, 20, 6, 56);
    List<Path> files = data.writeHeldOut(tmp);
    Dataset cap = Datasets.load("captioning", files.get(0), "");
    Dataset vqa = Datasets.load("vqa", files.get(1), "");
    assertThat(cap.items()).hasSize(6);
    TaskItem.Caption c = (TaskItem.Caption) cap.items().get(0);
    assertThat(c.references()).isEqualTo(ShapeScenes.captions(data.heldOut().get(0)));
    assertThat(c.image().decode().getWidth()).isEqualTo(56);
    int questions = data.heldOut().stream().mapToInt(s -> ShapeScenes.questions(s).size()).sum();
    assertThat(vqa.items()).hasSize(questions);
    TaskItem.Vqa q = (TaskItem.Vqa) vqa.items().get(0);
    assertThat(q.answers()).hasSize(10);
    assertThat(new VqaTask().score(q, q.answer()).values()).containsEntry("exact_match", 1.0)
        .containsEntry("vqa_accuracy", 1.0);
  }
}
