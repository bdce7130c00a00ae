/**
 * Tests of the {@code translate} subcommand: option errors, small runs, the bundled sample capture, and the
 * tshark-judged integration test.
 */
package io.xlat.examples.translate;
