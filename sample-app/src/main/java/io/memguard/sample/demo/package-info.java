/**
 * Demo endpoints that let a person see each Memguard protection at work.
 */
package io.memguard.sample.demo;
