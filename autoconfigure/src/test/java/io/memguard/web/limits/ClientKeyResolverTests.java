package io.memguard.web.limits;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClientKeyResolver}.
 */
class ClientKeyResolverTests {

	private final ClientKeyResolver resolver = new ClientKeyResolver("X-Forwarded-For",
			List.of("10.0.0.0/8", "192.168.1.1", "::1"));

	@Test
	void clientIsTheRemoteAddressWithoutAHeader() {
		assertThat(this.resolver.resolve(request("10.1.2.3", null))).isEqualTo("address:10.1.2.3");
	}

	@Test
	void headerIsIgnoredWhenTheRemoteAddressIsNotATrustedProxy() {
		assertThat(this.resolver.resolve(request("203.0.113.9", "198.51.100.7"))).isEqualTo("address:203.0.113.9");
	}

	@Test
	void headerNamesTheClientBehindATrustedProxy() {
		assertThat(this.resolver.resolve(request("10.1.2.3", "198.51.100.7"))).isEqualTo("address:198.51.100.7");
		assertThat(this.resolver.resolve(request("192.168.1.1", "198.51.100.7"))).isEqualTo("address:198.51.100.7");
		assertThat(this.resolver.resolve(request("0:0:0:0:0:0:0:1", "198.51.100.7"))).isEqualTo("address:198.51.100.7");
	}

	@Test
	void clientIsTheRightmostAddressThatIsNotATrustedProxy() {
		// The leftmost entry is whatever the client claims; only proxies we trust append.
		assertThat(this.resolver.resolve(request("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.9.9.9")))
			.isEqualTo("address:198.51.100.7");
	}

	@Test
	void headerLinesAppendedByAProxyAreReadAsOneListFromTheRight() {
		MockHttpServletRequest request = request("10.0.0.1", "6.6.6.6");
		request.addHeader("X-Forwarded-For", "198.51.100.7, 10.9.9.9");
		assertThat(this.resolver.resolve(request)).isEqualTo("address:198.51.100.7");
	}

	@Test
	void everySpellingOfAnAddressIsOneClient() {
		assertThat(List.of("2001:db8::7", "[2001:db8::7]", "2001:DB8:0:0:0:0:0:7", "2001:0db8::0007"))
			.extracting((address) -> this.resolver.resolve(request("10.0.0.1", address)))
			.containsOnly("address:2001:db8:0:0:0:0:0:7");
		assertThat(List.of("::1", "[::1]", "0:0:0:0:0:0:0:1"))
			.extracting((address) -> this.resolver.resolve(request(address, null)))
			.containsOnly("address:0:0:0:0:0:0:0:1");
		assertThat(List.of("198.51.100.7", "198.051.100.007", "::ffff:198.51.100.7"))
			.extracting((address) -> this.resolver.resolve(request("10.0.0.1", address)))
			.containsOnly("address:198.51.100.7");
	}

	@Test
	void addressOutsideTheTrustedRangeIsNotAProxy() {
		assertThat(this.resolver.resolve(request("192.168.1.2", "198.51.100.7"))).isEqualTo("address:192.168.1.2");
		assertThat(this.resolver.resolve(request("11.0.0.1", "198.51.100.7"))).isEqualTo("address:11.0.0.1");
	}

	@Test
	void headerIsNeverTrustedWithoutTrustedProxies() {
		ClientKeyResolver noProxies = new ClientKeyResolver("X-Forwarded-For", List.of());
		assertThat(noProxies.resolve(request("127.0.0.1", "198.51.100.7"))).isEqualTo("address:127.0.0.1");
	}

	@Test
	void authenticatedPrincipalIsTheClient() {
		MockHttpServletRequest request = request("10.1.2.3", "198.51.100.7");
		request.setUserPrincipal(() -> "alice");
		assertThat(this.resolver.resolve(request)).isEqualTo("principal:alice");
	}

	@Test
	void trustedProxyThatIsNotAnAddressIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientKeyResolver("X-Forwarded-For", List.of("proxy.example.com")))
			.withMessageContaining("proxy.example.com");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientKeyResolver("X-Forwarded-For", List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientKeyResolver("X-Forwarded-For", List.of("10.0.0.0/x")));
	}

	private static MockHttpServletRequest request(String remoteAddress, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(remoteAddress);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
