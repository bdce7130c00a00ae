/**
 * Tests of the {@code routeros} subcommand, run in-process through {@link io.xlat.examples.XlatMain#commandLine()}.
 */
package io.xlat.examples.routeros;
