package org.cegi.carbon;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cegi.internal.Check;
import org.cegi.internal.DataFiles;

/**
 * A table of grid carbon intensity per country (and, for some tables, per sub-national region), bundled with
 * the library in {@code data/carbon/} with its attribution ({@code data/carbon/README.md}).
 *
 * <p>A region is found by ISO 3166 alpha-2 code ({@code "DE"}), alpha-3 code ({@code "DEU"}), country name
 * ({@code "germany"}, case-insensitive), sub-national region ({@code "California"}, {@code "Tasmania"}),
 * a region qualified by its country ({@code "United States/Georgia"}, {@code "US/GA"}) or an ISO 3166-2
 * style code ({@code "US-CA"}, {@code "AU-NSW"}). Codes and country names win over region names, so
 * {@code "Georgia"} is the country and {@code "CA"} is Canada.
 *
 * <pre>{@code
 * CarbonIntensity fr = IntensityTable.eco2ai().lookup("France");
 * CarbonIntensity any = IntensityTable.codecarbon().lookupOrWorld(region);   // world average + warning
 * }</pre>
 */
public final class IntensityTable {
  /** Eco2AI's world average, the fallback its tracker used (kg CO2e/MWh = g CO2e/kWh). */
  public static final double ECO2AI_WORLD_G_PER_KWH = 436.529;

  static final String ECO2AI_FILE = "carbon/eco2ai_carbon_index.csv";
  static final String CODECARBON_MIX_FILE = "carbon/codecarbon_global_energy_mix.json";
  static final String CODECARBON_SOURCES_FILE = "carbon/codecarbon_carbon_intensity_per_source.json";
  static final String CLOUD_FILE = "carbon/codecarbon_cloud_impact.csv";

  private static final String ECO2AI_NAME = "Eco2AI carbon_index.csv";
  private static final String ECO2AI_SOURCE = ECO2AI_NAME + " (Apache-2.0)";
  private static final String CODECARBON_NAME = "CodeCarbon global_energy_mix.json";
  private static final String CODECARBON_SOURCE = CODECARBON_NAME + " (MIT)";
  private static final String CLOUD_NAME = "CodeCarbon cloud impact.csv";
  private static final String CLOUD_SOURCE = CLOUD_NAME + " (MIT)";
  private static final String WHOLE_COUNTRY = "Whole country";
  private static final Pattern ISO_3166_2 = Pattern.compile("([a-z]{2})-(.+)");
  private static final Pattern JSON_LOCATION = Pattern.compile("line (\\d+) column (\\d+)");

  private final String name;
  private final String source;
  private final CarbonIntensity world;
  /** Normalised code, name or alias of a country -> country. */
  private final Map<String, Country> countries;
  /** Normalised region name -> entries (one per country having a region of that name). */
  private final Map<String, List<Entry>> regionsByName;
  /** Normalised alternative name of a region -> entries. */
  private final Map<String, List<Entry>> regionsByAlias;
  /** What a region may be, for the message of an unknown region; empty for country tables. */
  private final String hint;

  private record Entry(String country, String region, double gramsPerKwh, int year, Set<String> aliases) {}

  private static final class Country {
    final Entry whole;
    final Map<String, Entry> regions = new LinkedHashMap<>();

    Country(Entry whole) {
      this.whole = whole;
    }
  }

  private IntensityTable(String name, String source, CarbonIntensity world, Map<String, Country> countries,
      Map<String, List<Entry>> regionsByName, Map<String, List<Entry>> regionsByAlias, String hint) {
    this.name = name;
    this.hint = hint;
    this.source = source;
    this.world = world;
    this.countries = Collections.unmodifiableMap(countries);
    this.regionsByName = Collections.unmodifiableMap(regionsByName);
    this.regionsByAlias = Collections.unmodifiableMap(regionsByAlias);
  }

  // ---------------------------------------------------------------------------------------------- factories

  private static final class BundledEco2ai {
    static final IntensityTable TABLE = parseEco2ai(read(ECO2AI_FILE), DataFiles.describe(ECO2AI_FILE));
  }

  private static final class BundledCodecarbon {
    static final IntensityTable TABLE = parseCodecarbon(
        read(CODECARBON_MIX_FILE), DataFiles.describe(CODECARBON_MIX_FILE),
        read(CODECARBON_SOURCES_FILE), DataFiles.describe(CODECARBON_SOURCES_FILE));
  }

  /**
   * The Eco2AI table (countries and some sub-national regions of Australia, Canada, Russia and the United
   * States; kg CO2e/MWh, year unknown), the one the CEGI paper's tracker used. World fallback 436.529.
   */
  public static IntensityTable eco2ai() {
    return BundledEco2ai.TABLE;
  }

  /**
   * CodeCarbon's per-country table (ISO alpha-3, g CO2e/kWh, mostly 2022 figures from Our World in Data;
   * each row keeps its year). World fallback 475 from {@code codecarbon_carbon_intensity_per_source.json}.
   */
  public static IntensityTable codecarbon() {
    return BundledCodecarbon.TABLE;
  }

  private static final class BundledCloud {
    static final IntensityTable TABLE = parseCloud(read(CLOUD_FILE), DataFiles.describe(CLOUD_FILE),
        codecarbon().world());
  }

  /**
   * CodeCarbon's table of cloud regions (Google Cloud regions, g CO2e/kWh as the provider publishes them),
   * looked up as {@code "gcp/europe-west9"} or {@code "europe-west9"}. World fallback 475 as for
   * {@link #codecarbon()}.
   */
  public static IntensityTable cloud() {
    return BundledCloud.TABLE;
  }

  /** Loads a table in CodeCarbon's {@code cloud/impact.csv} layout, with the world average of {@code perSourceJson}. */
  public static IntensityTable cloud(Path impactCsv, Path perSourceJson) {
    return parseCloud(read(impactCsv), impactCsv.toString(),
        parseCodecarbonWorld(read(perSourceJson), perSourceJson.toString()));
  }

  /**
   * Loads a table in Eco2AI's {@code carbon_index.csv} layout from a file.
   *
   * @throws IllegalArgumentException naming the file, line and column of the first malformed value
   */
  public static IntensityTable eco2ai(Path csvFile) {
    return parseEco2ai(read(csvFile), csvFile.toString());
  }

  /**
   * Loads a table in CodeCarbon's layout: {@code global_energy_mix.json} (per alpha-3 country,
   * {@code carbon_intensity} in g/kWh) and {@code carbon_intensity_per_source.json} (its
   * {@code world_average}).
   *
   * @throws IllegalArgumentException naming the file, line and column of the first malformed value
   */
  public static IntensityTable codecarbon(Path energyMixJson, Path perSourceJson) {
    return parseCodecarbon(read(energyMixJson), energyMixJson.toString(), read(perSourceJson),
        perSourceJson.toString());
  }

  // ------------------------------------------------------------------------------------------------ queries

  /** @return the table's name, e.g. {@code "Eco2AI carbon_index.csv"} */
  public String name() {
    return name;
  }

  /** @return the table's name with its licence, as written to {@link CarbonIntensity#source()} */
  public String source() {
    return source;
  }

  /** @return the table's world average */
  public CarbonIntensity world() {
    return world;
  }

  /** @return the number of distinct countries in the table */
  public int countryCount() {
    return (int) countries.values().stream().distinct().count();
  }

  /**
   * The intensity of a region.
   *
   * @param region an ISO 3166 alpha-2 or alpha-3 code, a country name, a sub-national region, a region
   *     qualified by its country ({@code "US/Georgia"}) or an ISO 3166-2 style code ({@code "US-CA"});
   *     for {@link #cloud()} a provider region ({@code "gcp/europe-west9"}); case-insensitive;
   *     {@code "World"} gives the world average
   * @throws IllegalArgumentException when the region is not in the table or is ambiguous, saying how to fix it
   */
  public CarbonIntensity lookup(String region) {
    Check.nonBlank("region", region);
    String key = normalise(region);
    if (key.equals("world")) {
      return world;
    }
    Optional<Entry> e = find(region, key);
    return e.map(this::intensity).orElseThrow(() -> new IllegalArgumentException(
        "region \"" + region.strip() + "\" is not in the " + name + " table" + qualifiedDetail(key) + ". Give "
            + (!hint.isEmpty() ? hint
                : "an ISO 3166 alpha-2 or alpha-3 code (DE, DEU), a country name (Germany)"
                    + (regionsByName.isEmpty() ? "" : ", a sub-national region (California, or United States/California)"))
            + ", use lookupOrWorld(region) to fall back to the world average with a warning, or give the value"
            + " yourself with CarbonIntensity.explicit(gramsPerKwh, region)."));
  }

  /** The intensity of a region, or empty when the table does not hold it (ambiguous names still fail). */
  public Optional<CarbonIntensity> find(String region) {
    Check.nonBlank("region", region);
    String key = normalise(region);
    if (key.equals("world")) {
      return Optional.of(world);
    }
    return find(region, key).map(this::intensity);
  }

  /**
   * The intensity of a region, or the table's world average when the table does not hold the region. The
   * fallback is recorded as a warning on the result, naming the region asked for and the source.
   */
  public CarbonIntensity lookupOrWorld(String region) {
    Check.nonBlank("region", region);
    return find(region).orElseGet(() -> world.withWarning(String.format(Locale.ROOT,
        "region \"%s\" is not in the %s table: used the world average %s g CO2e/kWh from %s",
        region.strip(), name, world.gramsPerKwh(), world.source())));
  }

  private Optional<Entry> find(String original, String key) {
    Country c = countries.get(key);
    if (c != null) {
      return Optional.of(c.whole);
    }
    int slash = key.indexOf('/');
    if (slash > 0) {
      Country country = countries.get(key.substring(0, slash).strip());
      return country == null ? Optional.empty()
          : Optional.ofNullable(regionOf(country, key.substring(slash + 1).strip()));
    }
    Optional<Entry> byName = unique(original, regionsByName.get(key));
    if (byName.isPresent()) {
      return byName;
    }
    Matcher m = ISO_3166_2.matcher(key);
    if (m.matches() && countries.containsKey(m.group(1))) {
      Entry r = regionOf(countries.get(m.group(1)), m.group(2));
      if (r != null) {
        return Optional.of(r);
      }
    }
    return unique(original, regionsByAlias.get(key));
  }

  /** For {@code Country/Region} forms: which part was not found, and the regions the country has. */
  private String qualifiedDetail(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0 || !hint.isEmpty()) {
      return "";
    }
    Country country = countries.get(key.substring(0, slash).strip());
    if (country == null) {
      return " (no country \"" + key.substring(0, slash).strip() + "\")";
    }
    return " (" + country.whole.country() + (country.regions.isEmpty() ? " is listed as a whole country only"
        : " has the regions " + country.regions.values().stream().map(Entry::region).distinct()
            .collect(Collectors.joining(", "))) + ")";
  }

  private static Entry regionOf(Country country, String regionKey) {
    Entry r = country.regions.get(regionKey);
    if (r != null) {
      return r;
    }
    for (Entry e : country.regions.values()) {
      if (e.aliases().contains(regionKey)) {
        return e;
      }
    }
    return null;
  }

  private Optional<Entry> unique(String original, List<Entry> found) {
    if (found == null || found.isEmpty()) {
      return Optional.empty();
    }
    Set<String> countriesOf = found.stream().map(Entry::country).collect(Collectors.toCollection(TreeSet::new));
    if (countriesOf.size() > 1) {
      throw new IllegalArgumentException("region \"" + original.strip() + "\" is ambiguous in the " + name
          + " table: it names " + found.stream().map(e -> e.country() + "/" + e.region()).distinct()
              .collect(Collectors.joining(", "))
          + "; write one of these Country/Region forms");
    }
    return Optional.of(found.get(0));
  }

  private CarbonIntensity intensity(Entry e) {
    String label = e.region() == null ? e.country() : e.country() + "/" + e.region();
    return new CarbonIntensity(e.gramsPerKwh(), label, source, e.year(), List.of());
  }

  @Override
  public String toString() {
    return name + " (" + countryCount() + " countries, world " + world.gramsPerKwh() + " g CO2e/kWh)";
  }

  // ------------------------------------------------------------------------------------------------ parsing

  static String normalise(String s) {
    return s.strip().replace('\u2019', '\'').replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static String read(String relative) {
    try (InputStream in = DataFiles.open(relative)) {
      return stripBom(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + DataFiles.describe(relative) + ": "
          + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    Check.notNull("file", file);
    try {
      return stripBom(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static final class Builder {
    final Map<String, Country> countries = new LinkedHashMap<>();
    final Map<String, List<Entry>> regionsByName = new LinkedHashMap<>();
    final Map<String, List<Entry>> regionsByAlias = new LinkedHashMap<>();
    final Map<String, Country> byAlpha3 = new LinkedHashMap<>();

    Country addCountry(Entry whole, String alpha2, String alpha3) {
      Country c = new Country(whole);
      putCountryKey(normalise(whole.country()), c);
      if (!alpha2.isBlank()) {
        putCountryKey(normalise(alpha2), c);
      }
      if (!alpha3.isBlank()) {
        putCountryKey(normalise(alpha3), c);
        byAlpha3.put(normalise(alpha3), c);
      }
      return c;
    }

    void putCountryKey(String key, Country c) {
      countries.putIfAbsent(key, c);
    }

    void addRegion(Country c, Entry e) {
      c.regions.putIfAbsent(normalise(e.region()), e);
      regionsByName.computeIfAbsent(normalise(e.region()), k -> new ArrayList<>()).add(e);
      for (String a : e.aliases()) {
        regionsByAlias.computeIfAbsent(a, k -> new ArrayList<>()).add(e);
      }
    }

    /** Adds the alpha-2 code and English name the JDK knows for each alpha-3 code, where missing. */
    void addJdkCodes() {
      for (String a2 : Locale.getISOCountries()) {
        Locale l = new Locale("", a2);
        Country c = byAlpha3.get(l.getISO3Country().toLowerCase(Locale.ROOT));
        if (c != null) {
          putCountryKey(normalise(a2), c);
          putCountryKey(normalise(l.getDisplayCountry(Locale.ENGLISH)), c);
        }
      }
      // Region names equal to a country's name or code are reachable as Country/Region only.
      regionsByName.keySet().removeIf(countries::containsKey);
      regionsByAlias.keySet().removeIf(k -> countries.containsKey(k) || regionsByName.containsKey(k));
    }
  }

  static IntensityTable parseEco2ai(String text, String file) {
    String[] required = {"country", "region", "alternative_name", "alpha_2_code", "alpha_3_code",
        "Emission intensity, kg/MWh"};
    Builder b = new Builder();
    Double worldValue = null;
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = p.getHeaderNames();
      for (String r : required) {
        if (!header.contains(r)) {
          throw new IllegalArgumentException("Malformed data file " + file + ", line 1: missing column \"" + r
              + "\" (found " + header + "); expected Eco2AI's carbon_index.csv header");
        }
      }
      int valueCol = header.indexOf(required[5]);
      Map<String, Country> pending = new LinkedHashMap<>();
      List<CSVRecord> regionRows = new ArrayList<>();
      for (CSVRecord rec : iterate(p, file, text)) {
        long line = rec.getRecordNumber() + 1;
        checkFieldCount(rec, header.size(), file, line);
        double value = nonNegative(rec, valueCol, required[5], "kg CO2e/MWh", file, line);
        String country = rec.get("country").strip();
        if (country.isEmpty()) {
          throw new IllegalArgumentException("Malformed data file " + file + ", line " + line + ", column "
              + (header.indexOf("country") + 1) + " (country): empty country name");
        }
        String region = rec.get("region").strip();
        if (country.equalsIgnoreCase("World")) {
          worldValue = value;
          continue;
        }
        if (region.isEmpty() || region.equalsIgnoreCase(WHOLE_COUNTRY)) {
          Country c = b.addCountry(new Entry(country, null, value, 0, Set.of()),
              code(rec.get("alpha_2_code")), code(rec.get("alpha_3_code")));
          pending.put(normalise(country), c);
        } else {
          regionRows.add(rec);
        }
      }
      for (CSVRecord rec : regionRows) {
        String country = rec.get("country").strip();
        Country c = pending.get(normalise(country));
        if (c == null) {
          throw new IllegalArgumentException("Malformed data file " + file + ", line "
              + (rec.getRecordNumber() + 1) + ", column " + (header.indexOf("country") + 1)
              + " (country): region \"" + rec.get("region").strip() + "\" of \"" + country
              + "\", which has no \"Whole country\" row");
        }
        Set<String> aliases = new LinkedHashSet<>();
        String alt = rec.get("alternative_name").strip();
        if (!alt.isEmpty() && !alt.equals("N/A")) {
          for (String a : alt.split(",")) {
            // Some entries carry a stray leading quote ("'Alaka"); apostrophes inside names are kept.
            String n = normalise(a.strip().replaceAll("^'+|'+$", ""));
            if (!n.isEmpty()) {
              aliases.add(n);
            }
          }
        }
        b.addRegion(c, new Entry(c.whole.country(), rec.get("region").strip(),
            Double.parseDouble(rec.get(valueCol).strip()), 0, Set.copyOf(aliases)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + file + ": " + e.getMessage(), e);
    }
    b.addJdkCodes();
    if (worldValue == null) {
      throw new IllegalArgumentException("Malformed data file " + file + ": no \"World\" row, so the table has"
          + " no world average to fall back to");
    }
    CarbonIntensity world = CarbonIntensity.of(worldValue, "World", ECO2AI_SOURCE);
    return new IntensityTable(ECO2AI_NAME, ECO2AI_SOURCE, world, b.countries, b.regionsByName, b.regionsByAlias, "");
  }

  private static String code(String s) {
    String c = s.strip();
    return c.equals("N/A") ? "" : c;
  }

  /** Iterates the records, turning Commons CSV's parse errors into messages that name file, line and column. */
  /** A CSV row must have as many fields as the header; the message names file, line and the first odd column. */
  private static void checkFieldCount(CSVRecord rec, int fields, String file, long line) {
    if (rec.size() != fields) {
      throw new IllegalArgumentException("Malformed data file " + file + ", line " + line + ", column "
          + (Math.min(rec.size(), fields) + 1) + ": expected " + fields + " fields, found " + rec.size());
    }
  }

  /** The value of column {@code col} as a finite number {@code >= 0}; otherwise names file, line and column. */
  private static double nonNegative(CSVRecord rec, int col, String column, String unit, String file, long line) {
    String raw = rec.get(col).strip();
    double value;
    try {
      value = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("Malformed data file " + file + ", line " + line + ", column "
          + (col + 1) + " (" + column + "): expected a number >= 0 (" + unit + "), got \"" + raw + "\"");
    }
    return value;
  }

  private static List<CSVRecord> iterate(CSVParser p, String file, String text) {
    List<CSVRecord> out = new ArrayList<>();
    try {
      for (CSVRecord r : p) {
        out.add(r);
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      String m = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
          : e.getMessage();
      throw new IllegalArgumentException("Malformed data file " + file + csvLocation(m, text, p)
          + ": " + CSV_POSITION.matcher(m).replaceAll("").strip(), e);
    }
    return out;
  }

  private static final Pattern CSV_POSITION = Pattern.compile("\\s*at line: (\\d+), position: (\\d+)");

  /** Commons CSV reports a line and a character position in the stream; turn that into line and column. */
  private static String csvLocation(String message, String text, CSVParser p) {
    Matcher m = CSV_POSITION.matcher(message == null ? "" : message);
    if (!m.find()) {
      return ", line " + p.getCurrentLineNumber();
    }
    int line = Integer.parseInt(m.group(1));
    long position = Long.parseLong(m.group(2));
    long lineStart = 0;
    for (int i = 1, at = 0; i < line && at >= 0; i++) {
      at = text.indexOf('\n', at);
      if (at >= 0) {
        at++;
        lineStart = at;
      }
    }
    return ", line " + line + ", column " + Math.max(1, position - lineStart);
  }

  static IntensityTable parseCodecarbon(String mixText, String mixFile, String sourcesText, String sourcesFile) {
    Builder b = new Builder();
    try (JsonReader r = new JsonReader(new StringReader(mixText))) {
      r.beginObject();
      while (r.hasNext()) {
        String alpha3 = r.nextName();
        String country = alpha3;
        Double value = null;
        int year = 0;
        r.beginObject();
        while (r.hasNext()) {
          String field = r.nextName();
          switch (field) {
            case "country_name" -> country = string(r, mixFile);
            case "carbon_intensity" -> value = number(r, mixFile, "carbon_intensity", "g CO2e/kWh");
            case "year" -> year = (int) number(r, mixFile, "year", "a year");
            default -> r.skipValue();
          }
        }
        r.endObject();
        if (value == null) {
          throw malformed(mixFile, r, "country " + alpha3 + " has no carbon_intensity");
        }
        b.addCountry(new Entry(country, null, value, year, Set.of()), "", alpha3);
      }
      r.endObject();
    } catch (MalformedJsonException | IllegalStateException e) {
      throw new IllegalArgumentException("Malformed data file " + mixFile + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + mixFile + ": " + e.getMessage(), e);
    }
    b.addJdkCodes();
    CarbonIntensity world = parseCodecarbonWorld(sourcesText, sourcesFile);
    return new IntensityTable(CODECARBON_NAME, CODECARBON_SOURCE, world, b.countries, b.regionsByName,
        b.regionsByAlias, "");
  }

  private static CarbonIntensity parseCodecarbonWorld(String sourcesText, String sourcesFile) {
    Double worldValue = null;
    String worldSource = "";
    try (JsonReader r = new JsonReader(new StringReader(sourcesText))) {
      r.beginObject();
      while (r.hasNext()) {
        String field = r.nextName();
        switch (field) {
          case "world_average" -> worldValue = number(r, sourcesFile, "world_average", "g CO2e/kWh");
          case "world_average_source" -> worldSource = string(r, sourcesFile);
          default -> r.skipValue();
        }
      }
      r.endObject();
    } catch (MalformedJsonException | IllegalStateException e) {
      throw new IllegalArgumentException("Malformed data file " + sourcesFile + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + sourcesFile + ": " + e.getMessage(), e);
    }
    if (worldValue == null) {
      throw new IllegalArgumentException("Malformed data file " + sourcesFile + ": no \"world_average\" field,"
          + " so the table has no world average to fall back to");
    }
    String src = "CodeCarbon carbon_intensity_per_source.json world_average (MIT)"
        + (worldSource.isBlank() ? "" : ", citing " + worldSource);
    return CarbonIntensity.of(worldValue, "World", src);
  }

  static IntensityTable parseCloud(String text, String file, CarbonIntensity world) {
    String[] required = {"provider", "region", "country_name", "countryIsoCode", "impact"};
    Builder b = new Builder();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = p.getHeaderNames();
      for (String r : required) {
        if (!header.contains(r)) {
          throw new IllegalArgumentException("Malformed data file " + file + ", line 1: missing column \"" + r
              + "\" (found " + header + "); expected CodeCarbon's cloud/impact.csv header");
        }
      }
      int valueCol = header.indexOf("impact");
      Map<String, List<Country>> byRegion = new LinkedHashMap<>();
      for (CSVRecord rec : iterate(p, file, text)) {
        long line = rec.getRecordNumber() + 1;
        checkFieldCount(rec, header.size(), file, line);
        double value = nonNegative(rec, valueCol, "impact", "g CO2e/kWh", file, line);
        String provider = rec.get("provider").strip();
        String region = rec.get("region").strip();
        if (provider.isEmpty() || region.isEmpty()) {
          throw new IllegalArgumentException("Malformed data file " + file + ", line " + line + ", column "
              + (header.indexOf(provider.isEmpty() ? "provider" : "region") + 1) + ": empty "
              + (provider.isEmpty() ? "provider" : "region"));
        }
        Country c = new Country(new Entry(provider + "/" + region, null, value, 0, Set.of()));
        b.putCountryKey(normalise(provider + "/" + region), c);
        b.putCountryKey(normalise(provider + ":" + region), c);
        byRegion.computeIfAbsent(normalise(region), k -> new ArrayList<>()).add(c);
      }
      // A bare region name works when one provider uses it.
      byRegion.forEach((k, v) -> {
        if (v.size() == 1) {
          b.putCountryKey(k, v.get(0));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read data file " + file + ": " + e.getMessage(), e);
    }
    return new IntensityTable(CLOUD_NAME, CLOUD_SOURCE, world, b.countries, b.regionsByName, b.regionsByAlias,
        "a cloud region as provider/region (gcp/europe-west9) or the region alone (europe-west9)");
  }

  private static String string(JsonReader r, String file) throws IOException {
    if (r.peek() != JsonToken.STRING) {
      throw malformed(file, r, "expected a string, found " + r.peek());
    }
    return r.nextString();
  }

  private static double number(JsonReader r, String file, String field, String unit) throws IOException {
    JsonToken t = r.peek();
    if (t != JsonToken.NUMBER) {
      String found = t == JsonToken.STRING ? "\"" + r.nextString() + "\"" : t.toString();
      throw malformed(file, r, field + " must be a number >= 0 (" + unit + "), got " + found);
    }
    double v = r.nextDouble();
    if (!Double.isFinite(v) || v < 0) {
      throw malformed(file, r, field + " must be a number >= 0 (" + unit + "), got " + v);
    }
    return v;
  }

  private static IllegalArgumentException malformed(String file, JsonReader r, String what) {
    Matcher m = JSON_LOCATION.matcher(r.toString());
    String where = m.find() ? ", line " + m.group(1) + ", column " + m.group(2) : "";
    return new IllegalArgumentException("Malformed data file " + file + where + " (" + r.getPath() + "): " + what);
  }

}
