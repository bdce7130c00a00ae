/**
 * Tests of DNS64 synthesis, one or more per rule of RFC 6147 section 5 (named after the section), with upstream
 * responses built by hand and expected addresses computed with the JDK's address parser.
 */
package io.xlat.dns64.synth;
