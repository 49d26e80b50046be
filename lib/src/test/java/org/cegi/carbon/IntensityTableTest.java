package org.cegi.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cegi.internal.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityTableTest {
  @TempDir Path tmp;

  private static final IntensityTable ECO = IntensityTable.eco2ai();
  private static final IntensityTable CC = IntensityTable.codecarbon();

  @Test
  void eco2aiFindsCountriesByCodeAndName() {
    for (String q : List.of("DE", "deu", "Germany", "  GERMANY ")) {
      CarbonIntensity c = ECO.lookup(q);
      assertThat(c.gramsPerKwh()).as(q).isEqualTo(332.495);
      assertThat(c.region()).isEqualTo("Germany");
      assertThat(c.source()).isEqualTo("Eco2AI carbon_index.csv (Apache-2.0)");
      assertThat(c.year()).isZero();
      assertThat(c.warnings()).isEmpty();
    }
    assertThat(ECO.name()).isEqualTo("Eco2AI carbon_index.csv");
    assertThat(ECO.lookup("Cote d'Ivoire").gramsPerKwh()).isEqualTo(421.436);
    // Namibia has no alpha-2 code in the file; the JDK's ISO table supplies it.
    assertThat(ECO.lookup("NA").region()).isEqualTo("Namibia");
    assertThat(ECO.countryCount()).isEqualTo(208);
  }

  @Test
  void eco2aiFindsSubNationalRegions() {
    assertThat(ECO.lookup("California").gramsPerKwh()).isEqualTo(175.62);
    assertThat(ECO.lookup("California").region()).isEqualTo("United States/California");
    assertThat(ECO.lookup("US-CA").gramsPerKwh()).isEqualTo(175.62);
    assertThat(ECO.lookup("United States/California").gramsPerKwh()).isEqualTo(175.62);
    assertThat(ECO.lookup("New South Wales").gramsPerKwh()).isEqualTo(790.0);
    assertThat(ECO.lookup("NSW").gramsPerKwh()).isEqualTo(790.0);
    // A code or country name wins over a region of the same name; qualify to get the region.
    assertThat(ECO.lookup("CA").region()).isEqualTo("Canada");
    assertThat(ECO.lookup("Georgia").gramsPerKwh()).isEqualTo(136.488);
    assertThat(ECO.lookup("US/Georgia").gramsPerKwh()).isEqualTo(399.59);
    assertThat(ECO.lookup("US-GA").gramsPerKwh()).isEqualTo(399.59);
    assertThat(ECO.lookup("Guinea-Bissau").region()).isEqualTo("Guinea-Bissau");
    // Alternative names from the file, apostrophes kept, case-insensitive.
    assertThat(ECO.lookup("N'ju Jork").region()).isEqualTo("United States/New York");
    assertThat(ECO.lookup("Alaska").region()).isEqualTo("United States/Alaska");
  }

  @Test
  void ambiguousOrUnknownQualifiedRegionsFailWithTheChoices() {
    assertThatThrownBy(() -> ECO.lookup("WA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region \"WA\" is ambiguous in the Eco2AI carbon_index.csv table: it names"
            + " Australia/Western Australia, United States/Washington; write one of these Country/Region forms");
    assertThatThrownBy(() -> ECO.lookup("France/Bretagne"))
        .hasMessageStartingWith("region \"France/Bretagne\" is not in the Eco2AI carbon_index.csv table (France is"
            + " listed as a whole country only). Give an ISO");
    assertThatThrownBy(() -> ECO.lookup("Canada/Texas"))
        .hasMessageStartingWith("region \"Canada/Texas\" is not in the Eco2AI carbon_index.csv table (Canada has the"
            + " regions Alberta, British Columbia,");
    assertThatThrownBy(() -> ECO.lookup("Atlantis/North"))
        .hasMessageStartingWith("region \"Atlantis/North\" is not in the Eco2AI carbon_index.csv table (no country"
            + " \"atlantis\")");
    // Unknown qualified forms fall back like any unknown region; ambiguous names still fail.
    assertThat(ECO.lookupOrWorld("Atlantis/North").warnings()).hasSize(1);
    assertThatThrownBy(() -> ECO.lookupOrWorld("WA")).hasMessageContaining("is ambiguous");
  }

  @Test
  void cloudTableFindsProviderRegions() {
    IntensityTable cloud = IntensityTable.cloud();
    assertThat(cloud.lookup("gcp/europe-west9").gramsPerKwh()).isEqualTo(34.0);
    assertThat(cloud.lookup("europe-west9").region()).isEqualTo("gcp/europe-west9");
    assertThat(cloud.lookup("GCP/US-CENTRAL1").gramsPerKwh()).isEqualTo(430.0);
    assertThat(cloud.lookup("gcp/us-central1").source()).isEqualTo("CodeCarbon cloud impact.csv (MIT)");
    assertThat(cloud.world().gramsPerKwh()).isEqualTo(475.0);
    assertThat(cloud.lookupOrWorld("aws/us-east-1").warnings()).singleElement().asString()
        .startsWith("region \"aws/us-east-1\" is not in the CodeCarbon cloud impact.csv table: used the world average 475.0");
    assertThatThrownBy(() -> cloud.lookup("gcp/mars-north1"))
        .hasMessageStartingWith("region \"gcp/mars-north1\" is not in the CodeCarbon cloud impact.csv table. Give a");
    assertThatThrownBy(() -> cloud.lookup("mars-north1"))
        .hasMessageStartingWith("region \"mars-north1\" is not in the CodeCarbon cloud impact.csv table. Give a cloud"
            + " region as provider/region (gcp/europe-west9) or the region alone (europe-west9)");
  }

  @Test
  void unknownRegionsFailWithHowToFix() {
    assertThatThrownBy(() -> ECO.lookup("Atlantis"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region \"Atlantis\" is not in the Eco2AI carbon_index.csv table. Give an ISO 3166 alpha-2 or"
            + " alpha-3 code (DE, DEU), a country name (Germany), a sub-national region (California, or"
            + " United States/California), use lookupOrWorld(region) to fall back to the world average with a"
            + " warning, or give the value yourself with CarbonIntensity.explicit(gramsPerKwh, region).");
    assertThat(ECO.find("Atlantis")).isEmpty();
    assertThat(ECO.find("FR")).map(CarbonIntensity::gramsPerKwh).contains(67.53);
  }

  @Test
  void worldFallbackIsRecordedWithItsSource() {
    assertThat(ECO.world().gramsPerKwh()).isEqualTo(436.529).isEqualTo(IntensityTable.ECO2AI_WORLD_G_PER_KWH);
    CarbonIntensity w = ECO.lookupOrWorld("Atlantis");
    assertThat(w.gramsPerKwh()).isEqualTo(436.529);
    assertThat(w.region()).isEqualTo("World");
    assertThat(w.warnings()).containsExactly("region \"Atlantis\" is not in the Eco2AI carbon_index.csv table: used"
        + " the world average 436.529 g CO2e/kWh from Eco2AI carbon_index.csv (Apache-2.0)");
    assertThat(ECO.lookupOrWorld("FR").warnings()).isEmpty();
    assertThat(ECO.lookup("World").warnings()).isEmpty();

    assertThat(CC.world().gramsPerKwh()).isEqualTo(475.0);
    CarbonIntensity cw = CC.lookupOrWorld("Atlantis");
    assertThat(cw.gramsPerKwh()).isEqualTo(475.0);
    assertThat(cw.source()).startsWith("CodeCarbon carbon_intensity_per_source.json world_average (MIT), citing https://");
    assertThat(cw.warnings()).singleElement().asString()
        .startsWith("region \"Atlantis\" is not in the CodeCarbon global_energy_mix.json table: used the world"
            + " average 475.0 g CO2e/kWh");
  }

  @Test
  void codecarbonFindsCountriesWithTheirYear() {
    for (String q : List.of("DEU", "de", "germany")) {
      CarbonIntensity c = CC.lookup(q);
      assertThat(c.gramsPerKwh()).as(q).isEqualTo(380.95);
      assertThat(c.year()).isEqualTo(2023);
      assertThat(c.source()).isEqualTo("CodeCarbon global_energy_mix.json (MIT)");
    }
    assertThat(CC.lookup("NAM").year()).isEqualTo(2022);
    assertThat(CC.lookup("GB").region()).isEqualTo("United Kingdom");
    assertThat(CC.name()).isEqualTo("CodeCarbon global_energy_mix.json");
    assertThatThrownBy(() -> CC.lookup("California"))
        .hasMessage("region \"California\" is not in the CodeCarbon global_energy_mix.json table. Give an ISO 3166"
            + " alpha-2 or alpha-3 code (DE, DEU), a country name (Germany), use lookupOrWorld(region) to fall back"
            + " to the world average with a warning, or give the value yourself with"
            + " CarbonIntensity.explicit(gramsPerKwh, region).");
  }

  @Test
  void loadsTablesFromPaths() throws Exception {
    Path csv = copy("eco2ai_carbon_index.csv");
    assertThat(IntensityTable.eco2ai(csv).lookup("FR").gramsPerKwh()).isEqualTo(67.53);
    Path mix = copy("codecarbon_global_energy_mix.json");
    Path src = copy("codecarbon_carbon_intensity_per_source.json");
    assertThat(IntensityTable.codecarbon(mix, src).lookup("FRA").gramsPerKwh()).isEqualTo(56.039);
    List<String> cloud = Files.readAllLines(copy("codecarbon_cloud_impact.csv"), StandardCharsets.UTF_8);
    assertThat(IntensityTable.cloud(write("cloud.csv", cloud), src).lookup("gcp/europe-west9").gramsPerKwh())
        .isEqualTo(34.0);
    cloud.set(1, cloud.get(1).replace(",646,", ",-646,"));                           // africa-south1, line 2
    Path badCloud = write("bad-cloud.csv", cloud);
    assertThatThrownBy(() -> IntensityTable.cloud(badCloud, src))
        .hasMessage("Malformed data file " + badCloud + ", line 2, column 10 (impact): expected a number >= 0"
            + " (g CO2e/kWh), got \"-646\"");
  }

  @Test
  void malformedCsvFailsWithFileLineAndColumn() throws Exception {
    List<String> lines = Files.readAllLines(copy("eco2ai_carbon_index.csv"), StandardCharsets.UTF_8);
    lines.set(2, lines.get(2).replace(",24.482", ",24,482x"));                     // Albania, line 3
    Path extra = write("extra.csv", lines);
    assertThatThrownBy(() -> IntensityTable.eco2ai(extra))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed data file " + extra + ", line 3, column 8: expected 7 fields, found 8");
    lines = Files.readAllLines(copy("eco2ai_carbon_index.csv"), StandardCharsets.UTF_8);
    lines.set(3, lines.get(3).replace(",485.45", ",4 85"));                           // Algeria, line 4
    Path text = write("text.csv", lines);
    assertThatThrownBy(() -> IntensityTable.eco2ai(text))
        .hasMessage("Malformed data file " + text + ", line 4, column 7 (Emission intensity, kg/MWh): expected a"
            + " number >= 0 (kg CO2e/MWh), got \"4 85\"");
    lines = Files.readAllLines(copy("eco2ai_carbon_index.csv"), StandardCharsets.UTF_8);
    lines.set(0, lines.get(0).replace("alpha_3_code", "alpha3"));
    Path header = write("header.csv", lines);
    assertThatThrownBy(() -> IntensityTable.eco2ai(header))
        .hasMessageStartingWith("Malformed data file " + header + ", line 1: missing column \"alpha_3_code\"");
    lines = Files.readAllLines(copy("eco2ai_carbon_index.csv"), StandardCharsets.UTF_8);
    lines.set(5, lines.get(5).replace("Angola,", "\"Angola\"x,"));
    Path quote = write("quote.csv", lines);
    assertThatThrownBy(() -> IntensityTable.eco2ai(quote))
        .hasMessage("Malformed data file " + quote + ", line 6, column 9: Invalid character between encapsulated"
            + " token and delimiter");
  }

  @Test
  void malformedJsonFailsWithFileLineAndColumn() throws Exception {
    Path src = copy("codecarbon_carbon_intensity_per_source.json");
    List<String> lines = Files.readAllLines(copy("codecarbon_global_energy_mix.json"), StandardCharsets.UTF_8);
    int line = lines.indexOf("        \"carbon_intensity\": 132.53,");    // Afghanistan
    assertThat(line).isPositive();
    lines.set(line, "        \"carbon_intensity\": \"n/a\",");
    Path mix = write("mix.json", lines);
    assertThatThrownBy(() -> IntensityTable.codecarbon(mix, src))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Malformed data file " + mix + ", line " + (line + 1) + ", column ")
        .hasMessageEndingWith(" ($.AFG.carbon_intensity): carbon_intensity must be a number >= 0 (g CO2e/kWh),"
            + " got \"n/a\"");
    lines.set(line, "        \"carbon_intensity\": 132.53");                // missing comma
    Path syntax = write("syntax.json", lines);
    assertThatThrownBy(() -> IntensityTable.codecarbon(syntax, src))
        .hasMessageStartingWith("Malformed data file " + syntax + ": ")
        .hasMessageContaining("line " + (line + 2) + " column ");
    Path noWorld = Files.writeString(tmp.resolve("src.json"), "{\"unit\": \"gCO2.eq/kWh\"}");
    assertThatThrownBy(() -> IntensityTable.codecarbon(copy("codecarbon_global_energy_mix.json"), noWorld))
        .hasMessage("Malformed data file " + noWorld + ": no \"world_average\" field, so the table has no world"
            + " average to fall back to");
  }

  private Path copy(String name) throws Exception {
    Path to = tmp.resolve("orig-" + name);
    if (!Files.exists(to)) {
      try (var in = DataFiles.open("carbon/" + name)) {
        Files.copy(in, to);
      }
    }
    return to;
  }

  private Path write(String name, List<String> lines) throws Exception {
    return Files.write(tmp.resolve(name), lines, StandardCharsets.UTF_8);
  }
}
