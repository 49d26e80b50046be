/**
 * The small facade notebooks call: {@link org.cegi.notebook.Show} displays tables, charts and records on any Java
 * kernel (rapaio, IJava, JJava) or as text elsewhere; {@link org.cegi.notebook.Notebook} says where results go and
 * keeps resources across cell re-runs; {@link org.cegi.notebook.Progress} prints a progress line for long cells and
 * {@link org.cegi.notebook.Exercise} checks answers in teaching notebooks.
 */
package org.cegi.notebook;
