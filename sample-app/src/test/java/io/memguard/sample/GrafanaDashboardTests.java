package io.memguard.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard cannot rot: every metric its PromQL queries name is exported by
 * the sample on {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.seed.bookings=1000")
class GrafanaDashboardTests {

	static final Path DASHBOARD = Path.of("..", "dashboards", "memguard.json");

	// PromQL words that are not metric names
	private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "irate",
			"increase", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
			"clamp_min", "clamp_max", "histogram_quantile", "label_replace", "topk", "bottomk", "time", "offset",
			"bool", "sort_desc", "abs", "delta", "deriv", "avg_over_time", "max_over_time", "min_over_time", "vector",
			"scalar", "le", "e", "inf", "nan");

	// A name, not inside {...} label matchers, not a quoted string, not a $variable
	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	@LocalServerPort
	int port;

	@Test
	void everyMetricTheDashboardQueriesIsExported() throws Exception {
		Set<String> queried = queriedMetrics(JsonMapper.shared().readTree(DASHBOARD.toFile()));
		assertThat(queried).contains("memguard_memory_level", "memguard_web_rejections_total");
		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		Set<String> exported = scrape.body()
			.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(exported).containsAll(queried);
	}

	static Set<String> queriedMetrics(JsonNode dashboard) {
		Set<String> names = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				names.addAll(metricNames(target.get("expr").asString()));
			}
		}
		return names;
	}

	static Set<String> metricNames(String expression) {
		String bare = expression.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\"[^\"]*\"", " ")
			.replaceAll("\\$\\w+", " ")
			// label lists of by (...) and without (...)
			.replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(bare);
		while (matcher.find()) {
			String word = matcher.group();
			if (!PROMQL_WORDS.contains(word.toLowerCase()) && !Character.isDigit(word.charAt(0))) {
				names.add(word);
			}
		}
		return names;
	}

	@Test
	void theQueryParserFindsMetricsAndSkipsFunctionsLabelsAndDurations() {
		assertThat(
				metricNames("sum by (reason) (rate(memguard_web_rejections_total{job=~\"$job\"}[$__rate_interval]))"))
			.containsExactly("memguard_web_rejections_total");
		assertThat(metricNames("max(memguard_memory_retained_ratio{instance=\"$instance\"}) * 100 > bool 0.5"))
			.containsExactly("memguard_memory_retained_ratio");
		assertThat(metricNames("hikaricp_connections_active / hikaricp_connections_max"))
			.containsExactly("hikaricp_connections_active", "hikaricp_connections_max");
	}

}
