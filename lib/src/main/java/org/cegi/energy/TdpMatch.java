package org.cegi.energy;

import java.util.List;
import org.cegi.internal.Check;

/**
 * The TDP found for a CPU model.
 *
 * @param tdp thermal design power of the package(s) the estimate scales
 * @param cpuModel the model name as the system reports it
 * @param matchedName the table row matched, or {@code fallback}
 * @param source {@code eco2ai}, {@code codecarbon} or {@code fallback}
 * @param warnings why a fallback or a fuzzy match was used
 */
public record TdpMatch(Power tdp, String cpuModel, String matchedName, String source, List<String> warnings) {
  public TdpMatch {
    Check.notNull("tdp", tdp);
    Check.nonBlank("cpuModel", cpuModel);
    Check.nonBlank("matchedName", matchedName);
    Check.nonBlank("source", source);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /** @return whether the TDP came from a table rather than the fallback */
  public boolean found() {
    return !"fallback".equals(source);
  }
}
