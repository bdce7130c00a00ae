/**
 * Tests for the address package: RFC 6052 section 2.4 examples, RFC 5952 text forms, EAMT longest-prefix match,
 * the RFC 6052 3.1 rule, and jqwik properties against reference computations written independently.
 */
package io.xlat.core.addr;
