/** The {@code cegi} command line: one class per subcommand, registered in {@link org.cegi.cli.Cegi}. */
package org.cegi.cli;
