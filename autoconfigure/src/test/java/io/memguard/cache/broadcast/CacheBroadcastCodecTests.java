package io.memguard.cache.broadcast;

import java.util.List;
import java.util.UUID;

import io.memguard.cache.CacheInvalidation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CacheBroadcastCodec}.
 */
class CacheBroadcastCodecTests {

	private final CacheBroadcastCodec codec = new CacheBroadcastCodec(
			PostgresCacheBroadcastTransport.MAX_PAYLOAD_BYTES);

	@Test
	void keysOfCarriedTypesRoundTripWithTheirType() {
		UUID uuid = UUID.randomUUID();
		CacheInvalidation invalidation = CacheInvalidation.evict("words", List.of("7", 7, 7L, uuid, "S:x"));
		CacheBroadcastCodec.Encoded encoded = this.codec.encode("me", invalidation);
		assertThat(encoded.degradedToClear()).isFalse();
		assertThat(encoded.payload()).doesNotContain("value");
		CacheBroadcastCodec.Message message = this.codec.decode(encoded.payload());
		assertThat(message.origin()).isEqualTo("me");
		assertThat(message.invalidation()).isEqualTo(invalidation);
		assertThat(message.invalidation().keys()).extracting(Object::getClass)
			.containsExactly(String.class, Integer.class, Long.class, UUID.class, String.class);
	}

	@Test
	void clearRoundTrips() {
		CacheBroadcastCodec.Encoded encoded = this.codec.encode("me", CacheInvalidation.clear("words"));
		assertThat(encoded.payload()).contains("\"op\":\"CLEAR\"");
		assertThat(this.codec.decode(encoded.payload()).invalidation()).isEqualTo(CacheInvalidation.clear("words"));
	}

	@Test
	void keyOfAnotherTypeDegradesToAClearOfTheCache() {
		CacheBroadcastCodec.Encoded encoded = this.codec.encode("me",
				CacheInvalidation.evict("words", List.of("a", List.of(1, 2))));
		assertThat(encoded.degradedToClear()).isTrue();
		assertThat(this.codec.decode(encoded.payload()).invalidation()).isEqualTo(CacheInvalidation.clear("words"));
	}

	@Test
	void keysOverThePayloadLimitDegradeToAClearOfTheCache() {
		CacheBroadcastCodec.Encoded encoded = this.codec.encode("me",
				CacheInvalidation.evict("words", List.of("é".repeat(4000))));
		assertThat(encoded.degradedToClear()).isTrue();
		assertThat(encoded.payload().length()).isLessThan(100);
	}

	@Test
	void invalidationWhoseClearDoesNotFitIsNotEncoded() {
		assertThat(this.codec.encode("me", CacheInvalidation.clear("c".repeat(8000)))).isNull();
	}

	@Test
	void malformedPayloadsAreRejected() {
		for (String payload : List.of("garbage", "[1]", "{}", "{\"origin\":\"o\",\"cache\":\"c\",\"op\":\"DROP\"}",
				"{\"origin\":\"o\",\"cache\":\"c\",\"op\":\"EVICT\",\"keys\":[]}",
				"{\"origin\":\"o\",\"cache\":\"c\",\"op\":\"EVICT\",\"keys\":[1]}",
				"{\"origin\":\"o\",\"cache\":\"c\",\"op\":\"EVICT\",\"keys\":[\"L:abc\"]}",
				"{\"origin\":\"o\",\"cache\":\"c\",\"op\":\"EVICT\",\"keys\":[\"U:nope\"]}", "x".repeat(9000))) {
			assertThatIllegalArgumentException().as(payload).isThrownBy(() -> this.codec.decode(payload));
		}
	}

}
