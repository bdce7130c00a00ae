/**
 * An event simulator: replays routes lost and restored over time against a RIB and reports which BGP
 * advertisements were withdrawn and re-announced, how active routes changed, and what an upstream peer's RFC 2439
 * flap damping made of it.
 */
package io.xlat.routing.sim;
