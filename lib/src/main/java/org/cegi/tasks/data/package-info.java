/**
 * Data sets of the tasks: readers of the published formats (Parquet through DuckDB, JSON, JSON Lines, CSV), loaders
 * that map each data set's own column names onto task items, Hub data set files ({@code hf://datasets/…}), the
 * bundled offline samples, and seeded sampling.
 */
package org.cegi.tasks.data;
