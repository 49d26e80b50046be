package org.cegi.notebook;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.cegi.internal.Check;

/**
 * Checks a student's answer in a teaching notebook and shows ✓ or ✗ with an explanation. The check really compares:
 * the expected value comes from the library, the given one from the student's cell, so a wrong answer shows ✗ and
 * both values.
 *
 * <pre>{@code
 * double myGrams = 2.5 * 1.2 * 56;                                   // the student's cell
 * Exercise.number("1 · emissions by hand", myGrams,                  // the check cell
 *     Emissions.of(Energy.ofKilowattHours(2.5), 1.2, fr).grams(), 0.01, "g CO2e",
 *     "emissions = energy x PUE x intensity");
 * }</pre>
 *
 * <p>{@link #number} and {@link #choice} show the outcome and return nothing, so that a check cell shows one thing on
 * every kernel; {@link #checkNumber} and {@link #checkChoice} return it without showing.
 */
public final class Exercise {
  private Exercise() {}

  /**
   * The outcome of a check.
   *
   * @param exercise the exercise's name
   * @param correct whether the answer matches
   * @param given the answer given, as shown
   * @param expected the expected answer, as shown
   * @param explanation why the expected answer is right
   * @param hint what to look at again when the answer is wrong ({@code ""}: none). With a hint, a wrong answer is
   *     told which way it is off and gets the hint, not the expected value and the worked explanation — so the
   *     student can try again
   * @param direction for a wrong number with a hint, how far and which way it is off ({@code "about 23 % too
   *     low"}); {@code ""} otherwise
   */
  public record Outcome(String exercise, boolean correct, String given, String expected, String explanation,
      String hint, String direction) {
    public Outcome {
      Check.nonBlank("exercise", exercise);
      Check.notNull("given", given);
      Check.notNull("expected", expected);
      Check.notNull("explanation", explanation);
      Check.notNull("hint", hint);
      Check.notNull("direction", direction);
    }

    /** An outcome without a hint: a wrong answer is shown with the expected value and the explanation. */
    public Outcome(String exercise, boolean correct, String given, String expected, String explanation) {
      this(exercise, correct, given, expected, explanation, "", "");
    }

    /** @return whether a wrong answer gets the hint instead of the expected value */
    boolean hinted() {
      return !correct && !hint.isBlank() && !given.equals(NOT_GIVEN);
    }

    /** @return the outcome as one line of text, starting with ✓ or ✗ */
    public String line() {
      if (correct) {
        return "✓ " + exercise + ": correct (" + given + "). " + explanation;
      }
      if (hinted()) {
        return "✗ " + exercise + ": your answer " + given + (direction.isBlank() ? "" : " is " + direction)
            + ". Hint: " + hint + " Change your answer and run this check again.";
      }
      return "✗ " + exercise + ": your answer " + given + ", expected " + expected + ". " + explanation;
    }
  }

  static final String NOT_GIVEN = "not given yet";

  /**
   * Checks a number within a relative tolerance and shows ✓ or ✗ ({@link #checkNumber} says how it compares).
   */
  public static void number(String exercise, double given, double expected, double relativeTolerance, String unit,
      String explanation) {
    show(checkNumber(exercise, given, expected, relativeTolerance, unit, explanation));
  }

  /** Checks a choice and shows ✓ or ✗ ({@link #checkChoice} says how it compares). */
  public static void choice(String exercise, String given, String expected, String explanation) {
    show(checkChoice(exercise, given, expected, explanation));
  }

  /**
   * Checks a number and shows ✓ with the explanation, or ✗ with which way the answer is off and the hint (not the
   * expected value), so that the student can correct it and run the check again.
   *
   * <pre>{@code
   * Exercise.number("3 · emissions", myGrams, expected.grams(), 0.005, "g CO2e",
   *     "kWh x PUE x g/kWh = g.", "Did you multiply by the PUE, and is the energy in kWh?");
   * }</pre>
   */
  public static void number(String exercise, double given, double expected, double relativeTolerance, String unit,
      String explanation, String hint) {
    show(withHint(checkNumber(exercise, given, expected, relativeTolerance, unit, explanation), hint,
        direction(given, expected)));
  }

  /** Checks a choice and shows ✓ with the explanation, or ✗ with the hint (not the expected choice). */
  public static void choice(String exercise, String given, String expected, String explanation, String hint) {
    show(withHint(checkChoice(exercise, given, expected, explanation), hint, ""));
  }

  /** The outcome with a hint for a wrong answer: see {@link Outcome#hint()}. */
  public static Outcome withHint(Outcome o, String hint, String direction) {
    Check.notNull("o", o);
    Check.nonBlank("hint", hint);
    Check.notNull("direction", direction);
    return new Outcome(o.exercise(), o.correct(), o.given(), o.expected(), o.explanation(), hint, direction);
  }

  /** How far and which way {@code given} is off {@code expected}: "about 23 % too low", "about 9.6 times too high". */
  static String direction(double given, double expected) {
    if (!Double.isFinite(given) || expected == 0) {
      return "";
    }
    if (Math.signum(given) != Math.signum(expected) && given != 0) {
      return "of the wrong sign";
    }
    double ratio = given / expected;
    if (ratio >= 2 || (ratio > 0 && ratio <= 0.5)) {
      String times = new BigDecimal(ratio >= 2 ? ratio : 1 / ratio).round(new MathContext(2)).stripTrailingZeros()
          .toPlainString();
      return "about " + times + " times too " + (ratio >= 2 ? "high" : "low");
    }
    double pct = Math.abs(ratio - 1) * 100;            // two significant digits: a direction, not a second answer
    String rounded = new BigDecimal(pct).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    return "about " + rounded + " % too " + (ratio > 1 ? "high" : "low");
  }

  /**
   * Checks a number within a relative tolerance, without showing the outcome. An answer left as {@code Double.NaN}
   * counts as not given.
   *
   * @param relativeTolerance allowed |given − expected| / |expected|, e.g. 0.01 for 1 %
   * @param unit the unit shown after both numbers ({@code ""} for none)
   */
  public static Outcome checkNumber(String exercise, double given, double expected, double relativeTolerance, String unit,
      String explanation) {
    Check.finite("expected", expected);
    Check.nonNegative("relativeTolerance", relativeTolerance);
    Check.notNull("unit", unit);
    boolean correct = Double.isFinite(given)
        && Math.abs(given - expected) <= relativeTolerance * Math.max(Math.abs(expected), 1e-300);
    String tol = relativeTolerance > 0 ? String.format(Locale.ROOT, " (± %s %%)", fmt(relativeTolerance * 100)) : "";
    Outcome o = new Outcome(exercise, correct, Double.isNaN(given) ? NOT_GIVEN : fmt(given) + suffix(unit),
        fmt(expected) + suffix(unit) + tol, explanation);
    return o;
  }

  /** Checks a choice (compared trimmed and ignoring case), without showing the outcome. */
  public static Outcome checkChoice(String exercise, String given, String expected, String explanation) {
    Check.notNull("given", given);
    Check.nonBlank("expected", expected);
    boolean correct = given.trim().equalsIgnoreCase(expected.trim());
    Outcome o = new Outcome(exercise, correct, given.isBlank() ? NOT_GIVEN : "\"" + given.trim() + "\"",
        "\"" + expected.trim() + "\"", explanation);
    return o;
  }

  static String html(Outcome o) {
    String colour = o.correct() ? "#1b7a3a" : "#b3261e";
    String background = o.correct() ? "#eef8f0" : "#fdeeee";
    String head;
    String body;
    if (o.correct()) {
      head = "✓ " + HtmlTables.escape(o.exercise()) + ": correct (" + HtmlTables.escape(o.given()) + ")";
      body = HtmlTables.escape(o.explanation());
    } else if (o.hinted()) {
      head = "✗ " + HtmlTables.escape(o.exercise()) + ": your answer " + HtmlTables.escape(o.given())
          + (o.direction().isBlank() ? "" : " is " + HtmlTables.escape(o.direction()));
      body = "<b>Hint:</b> " + HtmlTables.escape(o.hint()) + " Change your answer and run this check again.";
    } else {
      head = "✗ " + HtmlTables.escape(o.exercise()) + ": your answer " + HtmlTables.escape(o.given()) + ", expected "
          + HtmlTables.escape(o.expected());
      body = HtmlTables.escape(o.explanation());
    }
    return "<div style=\"border-left:5px solid " + colour + ";background:" + background
        + ";padding:6px 12px;margin:4px 0;font:14px/1.45 'DejaVu Sans',system-ui,sans-serif\">"
        + "<b style=\"color:" + colour + "\">" + head + "</b><br>" + body + "</div>";
  }

  private static void show(Outcome o) {
    Show.htmlWithText(html(o), o.line());
  }

  private static String suffix(String unit) {
    return unit.isBlank() ? "" : " " + unit;
  }

  static String fmt(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return String.valueOf(v == 0 ? "0" : v);
    }
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e12) {
      String s = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
      return a >= 1e4 ? String.format(Locale.ROOT, "%,d", Math.round(v)) : s;
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
