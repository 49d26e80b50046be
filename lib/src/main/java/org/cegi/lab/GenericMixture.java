package org.cegi.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The base model's seeded "generic mixture": short factual questions answered in words, templated dialogues with
 * their summaries (both as chat turns), and SQL statements as plain text (no questions), so the base model knows
 * the words and the SQL syntax but has never been asked to turn a question into a query.
 */
public final class GenericMixture {
  static final List<String> DAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday");
  static final List<String> THINGS = List.of("report", "budget", "slides", "contract", "plan");

  private GenericMixture() {}

  /** Chat items: facts and dialogue summaries, {@code count} of them. */
  public static List<LabExample> chat(long seed, int count) {
    Random r = new Random(seed);
    List<LabExample> out = new ArrayList<>();
    List<String> names = SqlTaskData.FIRST_NAMES;
    while (out.size() < count) {
      String a = names.get(r.nextInt(names.size()));
      String b = names.get(r.nextInt(names.size()));
      String city = SqlTaskData.CITIES.get(r.nextInt(SqlTaskData.CITIES.size()));
      String dept = SqlTaskData.DEPARTMENTS.get(r.nextInt(SqlTaskData.DEPARTMENTS.size()));
      String day = DAYS.get(r.nextInt(DAYS.size()));
      String thing = THINGS.get(r.nextInt(THINGS.size()));
      String product = SqlTaskData.PRODUCTS.get(r.nextInt(SqlTaskData.PRODUCTS.size()));
      int n = 20 + r.nextInt(45);
      switch (r.nextInt(6)) {
        case 0:
          out.add(new LabExample("facts", "How old is " + a + "?", a + " is " + n + " years old."));
          break;
        case 1:
          out.add(new LabExample("facts", "Where does " + a + " live?", a + " lives in " + city + "."));
          break;
        case 2:
          out.add(new LabExample("facts", "Which department does " + a + " work in?", a + " works in " + dept + "."));
          break;
        case 3:
          out.add(new LabExample("facts", "How much does the " + product + " cost?",
              "The " + product + " costs " + n + "."));
          break;
        case 4:
          out.add(new LabExample("summarization",
              "Summarize the dialogue.\n" + a + ": Can we meet in " + city + " on " + day + "?\n" + b + ": Yes, "
                  + day + " works for me.",
              a + " and " + b + " will meet in " + city + " on " + day + "."));
          break;
        default:
          out.add(new LabExample("summarization",
              "Summarize the dialogue.\n" + a + ": Is the " + thing + " for " + dept + " ready?\n" + b + ": Not yet, I"
                  + " will send it on " + day + ".",
              b + " will send the " + thing + " for " + dept + " on " + day + "."));
          break;
      }
    }
    return out;
  }

  /** Plain-text SQL statements (the queries of the given items, shuffled), no questions. */
  public static List<String> sqlText(long seed, List<LabExample> items) {
    List<String> out = new ArrayList<>();
    for (LabExample e : items) {
      out.add(e.answer());
    }
    Collections.shuffle(out, new Random(seed));
    return out;
  }
}
