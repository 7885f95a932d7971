/**
 * The sample app's everyday data: notes stored with JPA and migrated by Flyway.
 */
package io.memguard.sample.notes;
