package org.cegi.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.cegi.carbon.Emissions;
import org.cegi.internal.Check;

/**
 * The Carbon Efficient Gain Index: {@code CEGI = E / (G × T / 10^6)}, the emissions paid per percent of
 * quality gained per million trainable parameters. Lower is better.
 *
 * <pre>{@code
 * CegiResult a = Cegi.of("qwen-0.5b-lora", 1.2, 0.40, 0.55, 8_798_208);   // kg CO2e, metrics on 0-1
 * CegiResult b = Cegi.builder().name("llama-1b-lora").emissions(emissions)  // an org.cegi.carbon.Emissions
 *     .base(41.0).tuned(52.5).scale(MetricScale.PERCENT).gain(GainConvention.ABSOLUTE_POINTS)
 *     .trainableParams(11_272_192).build();
 * List<CegiResult> ranked = Cegi.rank(List.of(a, c));                      // lowest CEGI first, no gain last
 * System.out.println(Cegi.table(ranked));
 * }</pre>
 *
 * <p>Defaults: {@link GainConvention#RELATIVE}, {@link MetricScale#UNIT} (metrics in [0, 1]),
 * {@link EmissionsUnit#KILOGRAMS}. A gain of zero or less gives a result with status
 * {@link CegiStatus#NO_GAIN}; RELATIVE gain over a base metric of 0 gives {@link CegiStatus#UNDEFINED_GAIN}
 * (a status, not an exception, so that one such row does not stop a whole table); both carry their reason
 * and rank last.
 */
public final class Cegi {
  private Cegi() {}

  /**
   * Ranking order: results with a value by ascending CEGI (compared with E in kg, so units may differ),
   * then results without a value; ties by name.
   */
  public static final Comparator<CegiResult> ORDER =
      Comparator.comparing((CegiResult r) -> r.hasValue() ? 0 : 1)
          .thenComparingDouble(r -> r.valueKg().orElse(Double.POSITIVE_INFINITY))
          .thenComparing(CegiResult::name);

  /** The bare formula: {@code emissions / (gainPercent × trainableParams / 1e6)}; gain must be {@code > 0}. */
  public static double formula(double emissions, double gainPercent, long trainableParams) {
    Check.nonNegative("emissions", emissions);
    Check.positive("gain_percent", gainPercent);
    Check.positive("trainable_params", trainableParams);
    return emissions / (gainPercent * trainableParams / 1e6);
  }

  /** CEGI with the defaults (RELATIVE gain, metrics in [0, 1], kg CO2e), named "variant". */
  public static CegiResult of(double emissionsKg, double baseMetric, double tunedMetric, long trainableParams) {
    return builder().emissionsKg(emissionsKg).base(baseMetric).tuned(tunedMetric)
        .trainableParams(trainableParams).build();
  }

  /** CEGI with the defaults (RELATIVE gain, metrics in [0, 1], kg CO2e). */
  public static CegiResult of(String name, double emissionsKg, double baseMetric, double tunedMetric,
      long trainableParams) {
    return builder().name(name).emissionsKg(emissionsKg).base(baseMetric).tuned(tunedMetric)
        .trainableParams(trainableParams).build();
  }

  /** CEGI with the defaults from measured emissions (their warnings are carried over), named "variant". */
  public static CegiResult of(Emissions emissions, double baseMetric, double tunedMetric, long trainableParams) {
    return builder().emissions(emissions).base(baseMetric).tuned(tunedMetric)
        .trainableParams(trainableParams).build();
  }

  /** CEGI with the defaults from measured emissions (their warnings are carried over). */
  public static CegiResult of(String name, Emissions emissions, double baseMetric, double tunedMetric,
      long trainableParams) {
    return builder().name(name).emissions(emissions).base(baseMetric).tuned(tunedMetric)
        .trainableParams(trainableParams).build();
  }

  /** @return a builder for the options that have defaults (convention, scale, unit) */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sorts results by {@link #ORDER}: lowest CEGI first, results without a value last.
   *
   * @throws IllegalArgumentException when the results use different gain conventions (their values are
   *     not comparable)
   */
  public static List<CegiResult> rank(Collection<CegiResult> results) {
    Check.noNulls("results", results);
    sameConvention(results);
    List<CegiResult> out = new ArrayList<>(results);
    out.sort(ORDER);
    return List.copyOf(out);
  }

  /** @return the result with the lowest CEGI, empty when none has a value */
  public static java.util.Optional<CegiResult> best(Collection<CegiResult> results) {
    return rank(results).stream().filter(CegiResult::hasValue).findFirst();
  }

  /**
   * Compares two variants: which has the lower CEGI and by what factor.
   *
   * @throws IllegalArgumentException when they use different gain conventions
   */
  public static CegiComparison compare(CegiResult a, CegiResult b) {
    Check.notNull("a", a);
    Check.notNull("b", b);
    sameConvention(List.of(a, b));
    boolean aFirst = ORDER.compare(a, b) <= 0;
    CegiResult better = aFirst ? a : b;
    CegiResult worse = aFirst ? b : a;
    OptionalDouble ratio = OptionalDouble.empty();
    String summary;
    if (!better.hasValue()) {
      summary = "neither has a CEGI value: " + a.name() + " (" + a.reason() + "), " + b.name() + " ("
          + b.reason() + ")";
    } else if (!worse.hasValue()) {
      summary = better.name() + " is better: " + worse.name() + " has no CEGI value (" + worse.reason() + ")";
    } else {
      double lo = better.valueKg().getAsDouble();
      double hi = worse.valueKg().getAsDouble();
      if (lo == 0) {
        summary = hi == 0 ? "both have CEGI 0 (no emissions)" : better.name() + " has CEGI 0 (no emissions)";
        ratio = hi == 0 ? OptionalDouble.of(1.0) : OptionalDouble.empty();
      } else {
        ratio = OptionalDouble.of(hi / lo);
        summary = String.format(Locale.ROOT, "%s is better: its CEGI is %.4g times lower than %s's", better.name(),
            hi / lo, worse.name());
      }
    }
    return new CegiComparison(better, worse, ratio, summary);
  }

  /** A plain-text table of the results in rank order, "no gain" rows marked with their reason. */
  public static String table(Collection<CegiResult> results) {
    List<CegiResult> ranked = rank(results);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"rank", "variant", "cegi", "unit", "gain", "convention", "base", "tuned", "scale",
        "co2e", "trainable_params", "status"});
    int rank = 1;
    for (CegiResult r : ranked) {
      rows.add(new String[] {
        r.hasValue() ? Integer.toString(rank++) : "-",
        r.name(),
        r.hasValue() ? String.format(Locale.ROOT, "%.6g", r.value().getAsDouble()) : "n/a",
        r.unitLabel(),
        r.gainPercent().isPresent() ? String.format(Locale.ROOT, "%.4g", r.gainPercent().getAsDouble()) : "n/a",
        r.convention().name(),
        CegiResult.fmt(r.baseMetric()),
        CegiResult.fmt(r.tunedMetric()),
        r.scale().label(),
        CegiResult.fmt(r.emissions()) + " " + r.unit().symbol(),
        String.format(Locale.ROOT, "%,d", r.trainableParams()),
        r.hasValue() ? (r.warnings().isEmpty() ? "OK" : "OK (warning: " + String.join("; ", r.warnings()) + ")")
            : r.status() + ": " + r.reason()
      });
    }
    int[] w = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + w[i] + "s  ", row[i]));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static void sameConvention(Collection<CegiResult> results) {
    var conventions = results.stream().map(CegiResult::convention).distinct().toList();
    if (conventions.size() > 1) {
      throw new IllegalArgumentException("results use different gain conventions ("
          + results.stream().map(r -> r.name() + "=" + r.convention()).collect(Collectors.joining(", "))
          + "), so their CEGI values are not comparable; compute them all with one GainConvention");
    }
  }

  /** Builds a {@link CegiResult}; emissions, both metrics and the trainable parameters are required. */
  public static final class Builder {
    private String name = "variant";
    private Double emissionsKg;
    private List<String> warnings = List.of();
    private Double base;
    private Double tuned;
    private Long params;
    private GainConvention convention = GainConvention.RELATIVE;
    private MetricScale scale = MetricScale.UNIT;
    private EmissionsUnit unit = EmissionsUnit.KILOGRAMS;

    private Builder() {}

    /** @param name the variant's name (default "variant") */
    public Builder name(String name) {
      this.name = Check.nonBlank("name", name);
      return this;
    }

    /** @param kg emissions of producing the variant, kg CO2e */
    public Builder emissionsKg(double kg) {
      this.emissionsKg = Check.nonNegative("emissions_kg", kg);
      this.warnings = List.of();
      return this;
    }

    /** @param grams emissions of producing the variant, g CO2e */
    public Builder emissionsGrams(double grams) {
      Check.nonNegative("emissions_g", grams);
      return emissionsKg(grams / 1000.0);
    }

    /** Measured emissions; their warnings travel to the result. */
    public Builder emissions(Emissions emissions) {
      Check.notNull("emissions", emissions);
      this.emissionsKg = emissions.kilograms();
      this.warnings = emissions.warnings();
      return this;
    }

    /** @param metric the base model's metric, on {@link #scale} */
    public Builder base(double metric) {
      this.base = Check.finite("base_metric", metric);
      return this;
    }

    /** @param metric the fine-tuned variant's metric, on {@link #scale} */
    public Builder tuned(double metric) {
      this.tuned = Check.finite("tuned_metric", metric);
      return this;
    }

    /** @param trainableParams trainable parameters T, {@code > 0} */
    public Builder trainableParams(long trainableParams) {
      this.params = trainableParams;
      return this;
    }

    /** @param convention how the gain is computed (default RELATIVE) */
    public Builder gain(GainConvention convention) {
      this.convention = Check.notNull("convention", convention);
      return this;
    }

    /** @param scale the scale of both metrics (default UNIT, i.e. [0, 1]) */
    public Builder scale(MetricScale scale) {
      this.scale = Check.notNull("scale", scale);
      return this;
    }

    /** @param unit the unit of E in the index (default KILOGRAMS) */
    public Builder unit(EmissionsUnit unit) {
      this.unit = Check.notNull("unit", unit);
      return this;
    }

    /**
     * @throws IllegalArgumentException when a required input is missing or an input is invalid
     */
    public CegiResult build() {
      List<String> missing = new ArrayList<>();
      if (emissionsKg == null) {
        missing.add("emissions (emissionsKg, emissionsGrams or emissions)");
      }
      if (base == null) {
        missing.add("base");
      }
      if (tuned == null) {
        missing.add("tuned");
      }
      if (params == null) {
        missing.add("trainableParams");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("CEGI of " + name + " needs " + String.join(", ", missing));
      }
      return new CegiResult(name, emissionsKg, base, tuned, params, convention, scale, unit, warnings);
    }
  }
}
