/**
 * Carbon accounting: grid carbon intensity per region from bundled tables, and the emissions of an amount of
 * energy (energy × PUE × intensity) with every fallback recorded on the result.
 */
package org.cegi.carbon;
