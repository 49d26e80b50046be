package org.cegi.eval;

import java.util.List;
import org.cegi.internal.Check;

/**
 * One image of a caption set: the model's caption and the human references.
 *
 * @param imageId the image's id (unique within a set)
 * @param candidate the generated caption
 * @param references one or more reference captions
 */
public record CaptionImage(String imageId, String candidate, List<String> references) {
  public CaptionImage {
    Check.notNull("imageId", imageId);
    Check.notNull("candidate", candidate);
    references = List.copyOf(Check.noNulls("references", references));
    if (references.isEmpty()) {
      throw new IllegalArgumentException(
          "image " + imageId + " has no reference caption; every image needs at least one");
    }
  }
}
