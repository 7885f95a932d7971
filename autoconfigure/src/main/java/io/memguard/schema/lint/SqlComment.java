package io.memguard.schema.lint;

/**
 * A comment of a PostgreSQL script.
 *
 * @param text the comment text without its delimiters, trimmed
 * @param line the 1-based line where the comment starts
 * @param afterToken the index of the token the comment follows, -1 at the start
 */
record SqlComment(String text, int line, int afterToken) {

}
