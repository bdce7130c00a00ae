/**
 * Tests of the {@code addrplan} subcommand, run in-process through {@link io.xlat.examples.XlatMain#commandLine()}.
 */
package io.xlat.examples.addrplan;
