/** Writes the bundled offline samples of {@code data/tasks/} from fixed seeds (no third-party text or images). */
package org.cegi.tasks.samples;
