/**
 * The small facade notebooks call: {@link org.cegi.notebook.Show} displays tables, charts and records on any Java
 * kernel (rapaio, IJava, JJava) or as text elsewhere; {@link org.cegi.notebook.Notebook} says where results go.
 */
package org.cegi.notebook;
