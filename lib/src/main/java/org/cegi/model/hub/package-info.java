/**
 * Downloads model and data set files from the Hugging Face Hub into the standard cache layout ({@code HF_HOME} /
 * {@code HF_HUB_CACHE}), resumable and checksummed, and finds them there when offline.
 */
package org.cegi.model.hub;
