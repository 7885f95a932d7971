/**
 * Memory protection for servlet applications: the filter that sheds and admits requests
 * by heap pressure, and the request-path matching Memguard's filters share.
 */
package io.memguard.web;
