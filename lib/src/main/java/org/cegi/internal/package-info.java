/** Helpers that are not API: argument checks, locating the project's data folder. */
package org.cegi.internal;
