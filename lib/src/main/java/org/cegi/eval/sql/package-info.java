/**
 * Text-to-SQL evaluation on SQLite: {@link org.cegi.eval.sql.SqlExecution} (Spider test-suite execution accuracy),
 * {@link org.cegi.eval.sql.SqlExtraction} (the query out of a model's answer) and {@link org.cegi.eval.sql.Ves}
 * (BIRD's Valid Efficiency Score).
 *
 * <pre>{@code
 * String sql = SqlExtraction.extract(modelOutput);
 * boolean ok = SqlExecution.builder().build().evaluate(List.of(db), gold, sql).accepted();
 * }</pre>
 */
package org.cegi.eval.sql;
