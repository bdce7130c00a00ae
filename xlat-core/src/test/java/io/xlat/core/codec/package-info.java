/**
 * Tests of the codec flyweights: golden packets (checksums confirmed by tshark), getters and setters, one test per
 * {@code validate()} drop reason, and jqwik properties over arbitrary bytes in exact-size buffers and over setters
 * framed by canary bytes.
 */
package io.xlat.core.codec;
