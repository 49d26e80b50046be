package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExerciseTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    Show.fallbackTo(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    Show.fallbackTo(System.out);
  }

  @Test
  void aRightNumberIsTickedAndAWrongOneCrossedWithBothValues() {
    Exercise.Outcome right = Exercise.checkNumber("1", 168.0, 168.05, 0.01, "g CO2e", "energy x PUE x intensity");
    Exercise.Outcome wrong = Exercise.checkNumber("1", 140.0, 168.05, 0.01, "g CO2e", "energy x PUE x intensity");
    Exercise.number("1", 168.0, 168.05, 0.01, "g CO2e", "energy x PUE x intensity");
    Exercise.number("1", 140.0, 168.05, 0.01, "g CO2e", "energy x PUE x intensity");
    assertThat(right.correct()).isTrue();
    assertThat(wrong.correct()).isFalse();
    assertThat(wrong.line()).isEqualTo(
        "✗ 1: your answer 140 g CO2e, expected 168.1 g CO2e (± 1 %). energy x PUE x intensity");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("✓ 1: correct (168 g CO2e)", "✗ 1: your answer 140");
  }

  @Test
  void notANumberIsNotGivenAndLargeNumbersAreGrouped() {
    Exercise.Outcome o = Exercise.checkNumber("7", Double.NaN, 2_000_000, 0.001, "requests", "");
    assertThat(o.correct()).isFalse();
    assertThat(o.given()).isEqualTo("not given yet");
    assertThat(o.expected()).startsWith("2,000,000 requests");
  }

  @Test
  void choicesIgnoreCaseAndSpaces() {
    assertThat(Exercise.checkChoice("6", " b ", "B", "T is in the denominator").correct()).isTrue();
    assertThat(Exercise.checkChoice("6", "A", "B", "T is in the denominator").correct()).isFalse();
    Exercise.choice("6", "A", "B", "T is in the denominator");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("✗ 6: your answer \"A\", expected \"B\"");
  }

  @Test
  void theHtmlSaysItInColourAndWords() {
    String html = Exercise.html(new Exercise.Outcome("2 <ratio>", false, "1", "6", "why"));
    assertThat(html).contains("✗ 2 &lt;ratio&gt;: your answer 1, expected 6", "#b3261e");
    assertThatThrownBy(() -> Exercise.checkNumber("x", 1, Double.NaN, 0.01, "", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withAHintAWrongAnswerIsToldWhichWayItIsOffAndNotTheAnswer() {
    String hint = "Did you multiply by the PUE?";
    Exercise.number("3", 2103.8, 2103.79, 0.005, "g CO2e", "kWh x PUE x g/kWh = g.", hint);
    Exercise.number("3", 1618.3, 2103.79, 0.005, "g CO2e", "kWh x PUE x g/kWh = g.", hint);
    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("✓ 3: correct (2104 g CO2e). kWh x PUE x g/kWh = g.");
    assertThat(shown).contains("✗ 3: your answer 1618 g CO2e is about 23 % too low. Hint: Did you multiply by"
        + " the PUE? Change your answer and run this check again.");
    assertThat(shown).doesNotContain("expected 2104");
    assertThat(Exercise.direction(30, 3)).isEqualTo("about 10 times too high");
    assertThat(Exercise.direction(1, 4)).isEqualTo("about 4 times too low");
    assertThat(Exercise.direction(-1, 4)).isEqualTo("of the wrong sign");
    Exercise.choice("6", "A", "B", "T is in the denominator", "Compare the products G x T, not the gains.");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("✗ 6: your answer \"A\". Hint: Compare the products")
        .doesNotContain("expected \"B\"");
    String html = Exercise.html(Exercise.withHint(Exercise.checkNumber("1", 1, 2, 0.01, "J", "why"), "look again",
        "about 2 times too low"));
    assertThat(html).contains("<b>Hint:</b> look again", "your answer 1 J is about 2 times too low")
        .doesNotContain("why");
    // an answer not given yet is shown as such, with the expected value (there is nothing to hint at)
    assertThat(Exercise.withHint(Exercise.checkNumber("1", Double.NaN, 2, 0.01, "J", "why"), "h", "").line())
        .contains("not given yet, expected 2 J");
  }
}
