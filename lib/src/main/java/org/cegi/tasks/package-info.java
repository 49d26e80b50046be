/**
 * The four tasks of the CEGI paper (image captioning, visual question answering, dialogue summarization,
 * text-to-SQL): their prompts, answer extraction, per-item metrics and the metric that feeds the CEGI gain, the
 * {@link org.cegi.tasks.Generator} seam any runtime implements, and (in {@code tasks.data}) the data-set loaders.
 * No DJL here: runtimes live under {@code org.cegi.model}.
 */
package org.cegi.tasks;
