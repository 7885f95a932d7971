package io.memguard.cache.broadcast;

/**
 * Where the listener opens its own, unpooled connection.
 *
 * @param url the JDBC URL
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}
 */
public record PostgresListenerConnectionDetails(String url, String username, String password) {

	@Override
	public String toString() {
		return "PostgresListenerConnectionDetails[url=" + this.url + ", username=" + this.username + "]";
	}

}
