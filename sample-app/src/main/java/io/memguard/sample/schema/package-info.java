/**
 * Production-safe schema startup in the sample app: a Flyway-managed table and its
 * entity.
 */
package io.memguard.sample.schema;
