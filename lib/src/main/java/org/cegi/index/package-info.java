/**
 * The Carbon Efficient Gain Index (CEGI): gain conventions, results, rankings, the lifecycle form with
 * inference emissions, and the counting of a LoRA adapter's trainable parameters.
 */
package org.cegi.index;
