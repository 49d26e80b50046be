/**
 * Data sets of the tasks: readers of the published formats (Parquet through DuckDB, JSON, JSON Lines, CSV), loaders
 * that map each data set's own column names onto task items, the bundled offline samples, and seeded sampling.
 */
package org.cegi.tasks.data;
