package org.cegi.carbon.tracker;

import java.util.Locale;
import org.cegi.energy.Component;
import org.cegi.energy.Method;
import org.cegi.internal.Check;
import org.cegi.measure.Measurement;

/**
 * The Hugging Face model-card {@code co2_eq_emissions} metadata block (emissions in grams CO2e, source,
 * training type, geographical location, hardware used), to paste into a model card's YAML header.
 *
 * <pre>{@code
 * String yaml = ModelCardCo2.yaml(me, "fine-tuning");
 * }</pre>
 */
public final class ModelCardCo2 {
  private ModelCardCo2() {}

  /**
   * @param me the measurement and its emissions
   * @param trainingType {@code pre-training}, {@code fine-tuning} or another short phrase
   * @return the YAML block, ending with a newline
   */
  public static String yaml(MeasurementEmissions me, String trainingType) {
    Check.notNull("me", me);
    Check.nonBlank("trainingType", trainingType);
    Measurement m = me.measurement();
    String source = String.format(Locale.ROOT, "cegi %s (GPU %s, CPU %s, RAM %s; intensity %.1f g/kWh from %s; "
            + "PUE %s)", MeasurementEmissions.cegiVersion(),
        m.method(Component.GPU).map(Method::label).orElse("not measured"),
        m.method(Component.CPU).map(Method::label).orElse("not measured"),
        m.method(Component.RAM).map(Method::label).orElse("not measured"),
        me.emissions().intensity().gramsPerKwh(), me.emissions().intensity().source(),
        TrackerCsv.num(me.emissions().pue()));
    String hardware = m.devices().isEmpty() ? "unknown" : String.join(", ", m.devices());
    return "co2_eq_emissions:\n"
        + "  emissions: " + TrackerCsv.num(me.emissions().grams()) + "\n"
        + "  source: " + quote(source) + "\n"
        + "  training_type: " + quote(trainingType) + "\n"
        + "  geographical_location: " + quote(me.emissions().intensity().region()) + "\n"
        + "  hardware_used: " + quote(hardware) + "\n";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
