/**
 * Production-safe schema startup: refuses Hibernate schema generation in production and
 * runs Flyway with short lock timeouts, lock retries and a database connectivity wait.
 */
package io.memguard.schema;
