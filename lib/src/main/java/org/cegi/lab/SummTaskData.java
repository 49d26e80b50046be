package org.cegi.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic dialogue summarization data: three- and four-turn dialogues from templates (a swapped shift, a
 * lost object, a late deliverable, a party with something to bring, a changed meeting) with their reference
 * summaries, split into training and held-out items so that no held-out dialogue occurs in training. The dialogues
 * and summaries differ on purpose from the two-turn dialogues of the base model's {@link GenericMixture}: the base
 * has learnt the words, not this task's summary form.
 *
 * <pre>{@code
 * SummTaskData data = SummTaskData.generate(42, 400, 0.2);
 * data.heldOut().get(0).prompt();   // "Greta: Can someone take my evening shift on Friday?\nHugo: ..."
 * data.heldOut().get(0).answer();   // "Nils will take Greta's evening shift on Friday; Hugo is in Oslo."
 * }</pre>
 */
public final class SummTaskData {
  /** The task name the items carry. */
  public static final String TASK = "summarization";

  static final List<String> SHIFTS = List.of("morning", "evening", "night", "weekend");
  static final List<String> OBJECTS = List.of("keys", "wallet", "umbrella", "badge", "charger", "scarf");
  static final List<String> ROOMS = List.of("kitchen", "lobby", "meeting room", "car park", "library");
  static final List<String> EVENTS = List.of("party", "picnic", "barbecue", "dinner", "concert");
  static final List<String> FOODS = List.of("cake", "salad", "bread", "drinks", "cheese", "fruit");
  static final List<String> HOURS = List.of("nine", "ten", "eleven", "two", "four", "six");

  private final List<LabExample> train;
  private final List<LabExample> heldOut;

  private SummTaskData(List<LabExample> train, List<LabExample> heldOut) {
    this.train = List.copyOf(train);
    this.heldOut = List.copyOf(heldOut);
  }

  /**
   * Generates {@code count} distinct dialogues with their summaries and holds out a seeded share of them.
   *
   * @param seed seed of the dialogues and the split
   * @param count distinct dialogues, at least 10
   * @param heldOutShare share held out, in (0, 1)
   */
  public static SummTaskData generate(long seed, int count, double heldOutShare) {
    if (!(heldOutShare > 0 && heldOutShare < 1)) {
      throw new IllegalArgumentException("held-out share must lie in (0, 1), got " + heldOutShare
          + ": pass for example 0.2");
    }
    if (count < 10) {
      throw new IllegalArgumentException("summarization dialogues must be at least 10, got " + count
          + ": pass for example 400");
    }
    Random r = new Random(seed);
    Map<String, String> all = new LinkedHashMap<>();
    int attempts = 0;
    while (all.size() < count) {
      if (++attempts > 100 * count) {
        throw new IllegalStateException("could not draw " + count + " distinct dialogues from the templates");
      }
      String[] p = people(r);
      String a = p[0];
      String b = p[1];
      String c = p[2];
      String day = pick(r, GenericMixture.DAYS);
      String city = pick(r, SqlTaskData.CITIES);
      switch (r.nextInt(5)) {
        case 0 -> {
          String shift = pick(r, SHIFTS);
          all.putIfAbsent(a + ": Can someone take my " + shift + " shift on " + day + "?\n"
              + b + ": Sorry, I am in " + city + " that day.\n"
              + c + ": I can do it.\n"
              + a + ": Thank you!",
              c + " will take " + a + "'s " + shift + " shift on " + day + " because " + b + " is in " + city + ".");
        }
        case 1 -> {
          String object = pick(r, OBJECTS);
          String room = pick(r, ROOMS);
          all.putIfAbsent(a + ": Has anyone seen my " + object + "?\n"
              + b + ": I saw them in the " + room + " this morning.\n"
              + a + ": Great, I will look there.",
              b + " saw " + a + "'s " + object + " in the " + room + ".");
        }
        case 2 -> {
          String thing = pick(r, GenericMixture.THINGS);
          String dept = pick(r, SqlTaskData.DEPARTMENTS);
          all.putIfAbsent(a + ": Where is the " + thing + " for " + dept + "?\n"
              + b + ": It is late, the printer broke.\n"
              + a + ": When will it be done?\n"
              + b + ": By " + day + ".",
              b + " will finish the " + thing + " for " + dept + " by " + day + " because the printer broke.");
        }
        case 3 -> {
          String event = pick(r, EVENTS);
          String food = pick(r, FOODS);
          all.putIfAbsent(a + ": Are you coming to the " + event + " on " + day + "?\n"
              + b + ": Yes! Shall I bring something?\n"
              + a + ": Some " + food + " would be nice.",
              b + " will come to " + a + "'s " + event + " on " + day + " and bring " + food + ".");
        }
        default -> {
          String hour = pick(r, HOURS);
          String day2 = pick(r, GenericMixture.DAYS);
          if (day2.equals(day)) {
            continue;
          }
          all.putIfAbsent(a + ": Our meeting in " + city + " on " + day + " is off.\n"
              + b + ": Why?\n"
              + a + ": " + c + " is ill. Can we meet on " + day2 + " at " + hour + "?\n"
              + b + ": Fine.",
              a + " and " + b + " moved their meeting in " + city + " to " + day2 + " at " + hour + " because " + c
                  + " is ill.");
        }
      }
    }
    List<LabExample> items = new ArrayList<>();
    all.forEach((dialogue, summary) -> items.add(new LabExample(TASK, dialogue, summary)));
    Collections.shuffle(items, r);
    int cut = (int) Math.round(items.size() * heldOutShare);
    return new SummTaskData(items.subList(cut, items.size()), items.subList(0, cut));
  }

  private static String[] people(Random r) {
    List<String> names = new ArrayList<>(SqlTaskData.FIRST_NAMES);
    Collections.shuffle(names, r);
    return new String[] {names.get(0), names.get(1), names.get(2)};
  }

  private static String pick(Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** Training items: prompt = dialogue, answer = summary. */
  public List<LabExample> train() {
    return train;
  }

  /** Held-out items, never trained on. */
  public List<LabExample> heldOut() {
    return heldOut;
  }
}
