/**
 * A linter for Flyway SQL migrations on PostgreSQL: finds the statements that would block
 * reads or writes of an existing table, rewrite it, or break the running version, each
 * with its lock and safe recipe. Plain Java, usable without Spring or a database.
 */
package io.memguard.schema.lint;
