package io.memguard.web.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.StringUtils;

/**
 * Tells which client a request comes from, for the per-client concurrency limit: the
 * authenticated principal if the container knows one, else the remote address. The
 * address in a configured header (such as {@code X-Forwarded-For}) is believed only when
 * the request comes from a trusted proxy; then all the header's lines are read as one
 * list from the right, and the first address that is not itself a trusted proxy is the
 * client. Addresses are compared in one spelling: {@code ::1}, {@code [::1]} and
 * {@code 0:0:0:0:0:0:0:1} are one client.
 */
public class ClientKeyResolver {

	private final String addressHeader;

	private final List<AddressRange> trustedProxies;

	/**
	 * Creates the resolver.
	 * @param addressHeader the header naming the client address, or {@code null}
	 * @param trustedProxies addresses or CIDR ranges (such as {@code 10.0.0.0/8}) of
	 * trusted proxies
	 * @throws IllegalArgumentException if a trusted proxy is not an address or range
	 */
	public ClientKeyResolver(String addressHeader, List<String> trustedProxies) {
		this.addressHeader = StringUtils.hasText(addressHeader) ? addressHeader : null;
		this.trustedProxies = trustedProxies.stream().map(AddressRange::parse).toList();
	}

	/**
	 * The key of the client that sent a request.
	 * @param request the request
	 * @return {@code principal:<name>} or {@code address:<address>}
	 */
	public String resolve(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		if (principal != null) {
			return "principal:" + principal.getName();
		}
		return "address:" + clientAddress(request);
	}

	/**
	 * What is wrong with a trusted proxy setting.
	 * @param value an address or CIDR range
	 * @return the problem, or {@code null} when the value is valid
	 */
	static String trustedProxyProblem(String value) {
		try {
			AddressRange.parse(value);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	private String clientAddress(HttpServletRequest request) {
		String remote = AddressRange.normalize(request.getRemoteAddr());
		if (this.addressHeader == null || !isTrustedProxy(remote)) {
			return remote;
		}
		Enumeration<String> lines = request.getHeaders(this.addressHeader);
		if (lines == null || !lines.hasMoreElements()) {
			return remote;
		}
		// A proxy may append its own header line instead of extending the client's
		// (HAProxy's option forwardfor): all lines are one list, the last line last.
		String forwarded = lines.nextElement();
		while (lines.hasMoreElements()) {
			forwarded = forwarded + "," + lines.nextElement();
		}
		String client = remote;
		int end = forwarded.length();
		while (end > 0) {
			int start = forwarded.lastIndexOf(',', end - 1) + 1;
			String hop = forwarded.substring(start, end).trim();
			end = start - 1;
			if (hop.isEmpty()) {
				continue;
			}
			client = AddressRange.normalize(hop);
			if (!isTrustedProxy(client)) {
				break;
			}
		}
		return client;
	}

	private boolean isTrustedProxy(String address) {
		if (this.trustedProxies.isEmpty()) {
			return false;
		}
		byte[] bytes = AddressRange.literalBytes(address);
		if (bytes == null) {
			return false;
		}
		for (AddressRange range : this.trustedProxies) {
			if (range.contains(bytes)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An IP address or CIDR range.
	 */
	private record AddressRange(byte[] network, int prefixBits) {

		static AddressRange parse(String value) {
			String text = value.trim();
			int slash = text.indexOf('/');
			byte[] network = literalBytes((slash < 0) ? text : text.substring(0, slash));
			if (network == null) {
				throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR range");
			}
			int bits = (slash < 0) ? network.length * 8 : prefixBits(value, text.substring(slash + 1));
			if (bits < 0 || bits > network.length * 8) {
				throw new IllegalArgumentException("'" + value + "' has a prefix length out of range");
			}
			return new AddressRange(network, bits);
		}

		private static int prefixBits(String value, String text) {
			try {
				return Integer.parseInt(text);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("'" + value + "' has a prefix length that is not a number");
			}
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int fullBytes = this.prefixBits / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int remainingBits = this.prefixBits % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xFF << (8 - remainingBits)) & 0xFF;
			return (address[fullBytes] & mask) == (this.network[fullBytes] & mask);
		}

		/**
		 * One spelling per address, so that {@code ::1}, {@code [::1]} and
		 * {@code 0:0:0:0:0:0:0:1} are one client.
		 * @param text an address as sent
		 * @return the address in Java's textual form, or the text itself when it is not
		 * an address literal
		 */
		static String normalize(String text) {
			if (isCanonicalDottedQuad(text)) {
				return text;
			}
			byte[] bytes = literalBytes(text);
			if (bytes == null) {
				return text;
			}
			if (bytes.length == 4) {
				return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
			}
			try {
				return InetAddress.getByAddress(bytes).getHostAddress();
			}
			catch (UnknownHostException ex) {
				return text;
			}
		}

		// The common case, kept as it is without parsing
		private static boolean isCanonicalDottedQuad(String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				boolean partStart = i == 0 || text.charAt(i - 1) == '.';
				boolean leadingZero = partStart && c == '0' && i + 1 < text.length() && text.charAt(i + 1) != '.';
				if (!(c == '.' || (c >= '0' && c <= '9')) || leadingZero) {
					return false;
				}
			}
			return true;
		}

		/**
		 * The bytes of an IP address literal, without any name lookup.
		 * @param text the address text
		 * @return the bytes, or {@code null} when the text is not an address literal
		 */
		static byte[] literalBytes(String text) {
			String address = (text.startsWith("[") && text.endsWith("]")) ? text.substring(1, text.length() - 1) : text;
			if (address.isEmpty()) {
				return null;
			}
			byte[] ipv4 = dottedQuad(address);
			if (ipv4 != null) {
				return ipv4;
			}
			if (!isAddressLiteral(address)) {
				return null;
			}
			try {
				return InetAddress.getByName(address).getAddress();
			}
			catch (UnknownHostException | IllegalArgumentException ex) {
				return null;
			}
		}

		// The common case, parsed without InetAddress's general (and slower) parser.
		private static byte[] dottedQuad(String address) {
			byte[] bytes = new byte[4];
			int part = 0;
			int value = 0;
			int digits = 0;
			for (int i = 0; i < address.length(); i++) {
				char c = address.charAt(i);
				if (c >= '0' && c <= '9' && digits < 3) {
					value = value * 10 + (c - '0');
					digits++;
				}
				else if (c == '.' && digits > 0 && part < 3 && value <= 255) {
					bytes[part++] = (byte) value;
					value = 0;
					digits = 0;
				}
				else {
					return null;
				}
			}
			if (part != 3 || digits == 0 || value > 255) {
				return null;
			}
			bytes[3] = (byte) value;
			return bytes;
		}

		// Only hex digits, dots, colons and a zone id reach InetAddress, so it never
		// resolves a host name.
		private static boolean isAddressLiteral(String address) {
			boolean ipv6 = address.indexOf(':') >= 0;
			for (int i = 0; i < address.length(); i++) {
				char c = address.charAt(i);
				if (c == '%' && ipv6) {
					return true;
				}
				boolean allowed = Character.digit(c, 16) >= 0 || c == '.' || c == ':';
				if (!allowed || (!ipv6 && !(Character.isDigit(c) || c == '.'))) {
					return false;
				}
			}
			return true;
		}

	}

}
