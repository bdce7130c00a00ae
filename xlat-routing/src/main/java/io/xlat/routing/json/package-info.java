/**
 * A tiny JSON reader and writer for plan files and {@code --format json} output, so the module needs no JSON
 * dependency. Values are {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String},
 * {@code Long}, {@code Double}, {@code Boolean} and {@code null}.
 */
package io.xlat.routing.json;
