package org.cegi.tasks;

import java.util.List;
import org.cegi.internal.Check;

/** One example of a task's data set, identified by an id unique within its data set. */
public sealed interface TaskItem permits TaskItem.Caption, TaskItem.Vqa, TaskItem.Dialogue, TaskItem.Sql {
  /** The item's id (unique within its data set). */
  String id();

  /**
   * An image with its reference captions.
   *
   * @param id item id
   * @param image the image
   * @param references one or more human (or generated) reference captions
   */
  record Caption(String id, TaskImage image, List<String> references) implements TaskItem {
    public Caption {
      Check.nonBlank("id", id);
      Check.notNull("image", image);
      references = List.copyOf(Check.noNulls("references", references));
      if (references.isEmpty()) {
        throw new IllegalArgumentException("caption item " + id + " has no reference caption");
      }
    }
  }

  /**
   * A question about an image with its answer(s).
   *
   * @param id item id
   * @param image the image
   * @param question the question
   * @param answer the reference answer
   * @param answers ten human answers (VQA v2 style) when the data set has them, else empty
   */
  record Vqa(String id, TaskImage image, String question, String answer, List<String> answers) implements TaskItem {
    public Vqa {
      Check.nonBlank("id", id);
      Check.notNull("image", image);
      Check.nonBlank("question", question);
      Check.nonBlank("answer", answer);
      answers = List.copyOf(Check.noNulls("answers", answers));
    }
  }

  /**
   * A dialogue with its reference summary (SAMSum columns {@code id}, {@code dialogue}, {@code summary}).
   *
   * @param id item id
   * @param dialogue turns as {@code Speaker: text}, one per line
   * @param summary the reference summary
   */
  record Dialogue(String id, String dialogue, String summary) implements TaskItem {
    public Dialogue {
      Check.nonBlank("id", id);
      Check.nonBlank("dialogue", dialogue);
      Check.nonBlank("summary", summary);
    }
  }

  /**
   * A text-to-SQL question in the {@code gretelai/synthetic_text_to_sql} format.
   *
   * @param id item id
   * @param domain the data set's {@code domain} (may be empty)
   * @param complexity the data set's {@code sql_complexity} (may be empty)
   * @param question {@code sql_prompt}
   * @param context {@code sql_context}: CREATE TABLE and INSERT statements that build the database
   * @param sql the gold query
   * @param database a SQLite database file the queries run against instead of one built from {@code context}
   *     (data column {@code db_path}; then {@code context} is the schema shown in the prompt), or "" for none
   */
  record Sql(String id, String domain, String complexity, String question, String context, String sql,
      String database) implements TaskItem {
    public Sql {
      Check.nonBlank("id", id);
      Check.notNull("domain", domain);
      Check.notNull("complexity", complexity);
      Check.nonBlank("question", question);
      Check.nonBlank("context", context);
      Check.nonBlank("sql", sql);
      Check.notNull("database", database);
    }

    /** An item whose database is built from its {@code context} (the gretel format). */
    public Sql(String id, String domain, String complexity, String question, String context, String sql) {
      this(id, domain, complexity, question, context, sql, "");
    }
  }
}
