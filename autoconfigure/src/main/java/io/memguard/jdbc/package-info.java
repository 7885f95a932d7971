/**
 * Connection pool hardening: safe HikariCP and Hibernate defaults, PostgreSQL session
 * limits, a startup check of the server's connection budget, visible connection leaks and
 * {@code 503} on pool exhaustion.
 */
package io.memguard.jdbc;
