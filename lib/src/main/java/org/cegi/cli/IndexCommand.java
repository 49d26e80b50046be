package org.cegi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.EmissionsUnit;
import org.cegi.index.GainConvention;
import org.cegi.index.MetricScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cegi index}: CEGI of one variant from arguments, or of several from a CSV file, as a ranked table. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Compute CEGI = E / (G x T / 1e6): emissions E per percent gain G per million trainable parameters T."
          + " Lower is better; variants without a gain are listed last, marked with the reason.",
      "",
      "One variant:  cegi index --emissions-kg 1.2 --base 0.40 --tuned 0.55 --params 8798208",
      "Many:         cegi index --csv variants.csv",
      "",
      "CSV columns (header row required, any order): name, co2e_kg or co2e_g, base_metric, tuned_metric,"
          + " trainable_params; optional gain (relative|absolute) and scale (unit|percent) per row, which"
          + " default to --gain and --scale."
    })
public final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--csv", paramLabel = "FILE", description = "CSV of variants (see above).")
  Path csv;

  @Option(names = "--name", defaultValue = "variant", description = "Name of the variant (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--emissions-kg", paramLabel = "KG", description = "Emissions of producing the variant, kg CO2e.")
  Double emissionsKg;

  @Option(names = "--emissions-g", paramLabel = "G", description = "Emissions of producing the variant, g CO2e.")
  Double emissionsG;

  @Option(names = "--base", paramLabel = "METRIC", description = "The base model's task metric.")
  Double base;

  @Option(names = "--tuned", paramLabel = "METRIC", description = "The fine-tuned variant's task metric.")
  Double tuned;

  @Option(names = "--params", paramLabel = "T", converter = LongConverter.class,
      description = "Trainable parameters (8798208, 8_798_208 and 8,798,208 are all accepted).")
  Long params;

  @Option(names = "--gain", defaultValue = "relative", converter = GainConverter.class, paramLabel = "relative|absolute",
      description = "Gain convention: relative = 100*(tuned-base)/base, absolute = tuned-base in points on 0-100"
          + " (default: ${DEFAULT-VALUE}).")
  GainConvention gain;

  @Option(names = "--scale", defaultValue = "unit", converter = ScaleConverter.class, paramLabel = "unit|percent",
      description = "Scale of the metrics: unit = 0-1, percent = 0-100 (default: ${DEFAULT-VALUE}).")
  MetricScale scale;

  @Option(names = "--unit", defaultValue = "kg", converter = UnitConverter.class, paramLabel = "g|kg|t",
      description = "Unit of E in the index (default: ${DEFAULT-VALUE}).")
  EmissionsUnit unit;

  @Override
  public Integer call() {
    List<CegiResult> results;
    if (csv != null) {
      if (emissionsKg != null || emissionsG != null || base != null || tuned != null || params != null) {
        throw new IllegalArgumentException("give either --csv or the options of one variant"
            + " (--emissions-kg, --base, --tuned, --params), not both");
      }
      results = readCsv(csv, gain, scale, unit);
    } else {
      results = List.of(fromOptions());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(Cegi.table(results));
    Set<String> warnings = new LinkedHashSet<>();
    results.forEach(r -> warnings.addAll(r.warnings()));
    warnings.forEach(w -> out.println("warning: " + w));
    out.println("CEGI = E / (G x T / 1e6), gain " + results.get(0).convention() + " = "
        + results.get(0).convention().formula() + "; lower is better.");
    out.flush();
    return 0;
  }

  private CegiResult fromOptions() {
    List<String> missing = new ArrayList<>();
    if (emissionsKg == null && emissionsG == null) {
      missing.add("--emissions-kg (or --emissions-g)");
    }
    if (base == null) {
      missing.add("--base");
    }
    if (tuned == null) {
      missing.add("--tuned");
    }
    if (params == null) {
      missing.add("--params");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing " + String.join(", ", missing)
          + "; give all four for one variant, or --csv FILE for several (see cegi index --help)");
    }
    if (emissionsKg != null && emissionsG != null) {
      throw new IllegalArgumentException("give --emissions-kg or --emissions-g, not both");
    }
    Cegi.Builder b = Cegi.builder().name(name).base(base).tuned(tuned).trainableParams(params).gain(gain)
        .scale(scale).unit(unit);
    if (emissionsKg != null) {
      b.emissionsKg(emissionsKg);
    } else {
      b.emissionsGrams(emissionsG);
    }
    return b.build();
  }

  /**
   * Reads variants from a CSV file (columns as in the command's help).
   *
   * @throws IllegalArgumentException naming the file, line and column of the first bad value
   */
  static List<CegiResult> readCsv(Path file, GainConvention defaultGain, MetricScale defaultScale,
      EmissionsUnit unit) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
    List<CegiResult> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, format)) {
      List<String> header = p.getHeaderNames().stream()
          .map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList();
      for (String req : List.of("name", "base_metric", "tuned_metric", "trainable_params")) {
        if (!header.contains(req)) {
          throw new IllegalArgumentException(file + ", line 1: missing column \"" + req + "\"; the header needs"
              + " name, co2e_kg (or co2e_g), base_metric, tuned_metric, trainable_params");
        }
      }
      boolean kg = header.contains("co2e_kg");
      if (kg == header.contains("co2e_g")) {
        throw new IllegalArgumentException(file + ", line 1: give exactly one of the columns co2e_kg or co2e_g,"
            + " found " + p.getHeaderNames());
      }
      for (CSVRecord rec : p) {
        Row row = new Row(file, rec, header);
        try {
          Cegi.Builder b = Cegi.builder().name(row.text("name"))
              .base(row.number("base_metric")).tuned(row.number("tuned_metric"))
              .trainableParams(row.whole("trainable_params"))
              .gain(row.optional("gain").map(s -> row.convert("gain", s, new GainConverter())).orElse(defaultGain))
              .scale(row.optional("scale").map(s -> row.convert("scale", s, new ScaleConverter()))
                  .orElse(defaultScale))
              .unit(unit);
          if (kg) {
            b.emissionsKg(row.number("co2e_kg"));
          } else {
            b.emissionsGrams(row.number("co2e_g"));
          }
          out.add(b.build());
        } catch (RowException e) {
          throw e;
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ", line " + row.line + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new IllegalArgumentException("Malformed CSV " + file + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no variants (only a header?)");
    }
    return out;
  }

  /** An error already located at a line and column. */
  private static final class RowException extends IllegalArgumentException {
    RowException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final class Row {
    final Path file;
    final CSVRecord rec;
    final List<String> header;
    final long line;

    Row(Path file, CSVRecord rec, List<String> header) {
      this.file = file;
      this.rec = rec;
      this.header = header;
      this.line = rec.getRecordNumber() + 1;
    }

    String where(String column) {
      return file + ", line " + line + ", column " + (header.indexOf(column) + 1) + " (" + column + ")";
    }

    java.util.Optional<String> optional(String column) {
      int i = header.indexOf(column);
      if (i < 0 || i >= rec.size() || rec.get(i).isBlank()) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(rec.get(i).strip());
    }

    String text(String column) {
      return optional(column).orElseThrow(() -> new RowException(where(column) + ": empty value", null));
    }

    double number(String column) {
      String s = text(column);
      try {
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new RowException(where(column) + ": expected a number, got \"" + s + "\"", e);
      }
    }

    long whole(String column) {
      String s = text(column);
      try {
        return new LongConverter().convert(s);
      } catch (IllegalArgumentException e) {
        throw new RowException(where(column) + ": " + e.getMessage(), e);
      }
    }

    <T> T convert(String column, String s, ITypeConverter<T> c) {
      try {
        return c.convert(s);
      } catch (Exception e) {
        throw new RowException(where(column) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Whole numbers with optional {@code _} or {@code ,} digit grouping. */
  static final class LongConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String s = value.strip().replace("_", "").replace(",", "");
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number, got \"" + value + "\"");
      }
    }
  }

  static final class GainConverter implements ITypeConverter<GainConvention> {
    @Override
    public GainConvention convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
        case "relative" -> GainConvention.RELATIVE;
        case "absolute", "absolute_points", "points" -> GainConvention.ABSOLUTE_POINTS;
        default -> throw new IllegalArgumentException("gain must be relative or absolute, got \"" + value + "\"");
      };
    }
  }

  static final class ScaleConverter implements ITypeConverter<MetricScale> {
    @Override
    public MetricScale convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "unit", "0-1", "fraction" -> MetricScale.UNIT;
        case "percent", "0-100", "%" -> MetricScale.PERCENT;
        default -> throw new IllegalArgumentException("scale must be unit (0-1) or percent (0-100), got \""
            + value + "\"");
      };
    }
  }

  static final class UnitConverter implements ITypeConverter<EmissionsUnit> {
    @Override
    public EmissionsUnit convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "g" -> EmissionsUnit.GRAMS;
        case "kg" -> EmissionsUnit.KILOGRAMS;
        case "t" -> EmissionsUnit.TONNES;
        default -> throw new IllegalArgumentException("unit must be g, kg or t, got \"" + value + "\"");
      };
    }
  }
}
