/**
 * The overload harness: starts the sample app in its own JVM, drives request mixes at it
 * under several protections and writes what each served (see BENCHMARKS.md).
 */
package io.memguard.benchmarks.overload;
