package org.cegi.index;

/** The unit CEGI's numerator E is expressed in; kilograms CO2e by default, as in the paper. */
public enum EmissionsUnit {
  /** g CO2e. */
  GRAMS("g", 1e-3),
  /** kg CO2e (the default). */
  KILOGRAMS("kg", 1.0),
  /** t CO2e. */
  TONNES("t", 1e3);

  private final String symbol;
  private final double kilograms;

  EmissionsUnit(String symbol, double kilograms) {
    this.symbol = symbol;
    this.kilograms = kilograms;
  }

  /** @return "g", "kg" or "t" */
  public String symbol() {
    return symbol;
  }

  /** @return an amount in kg CO2e expressed in this unit */
  public double fromKilograms(double kg) {
    return kg / kilograms;
  }
}
