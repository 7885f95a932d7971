package io.memguard.sample.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in a real headless Chromium, against the sample at {@code -Xmx256m}: it
 * loads, shows the level, and its numbers move while the demo flood runs. Skipped where
 * Debian's {@code chromium} and {@code chromium-driver} are not installed
 * ({@code .ci/run} installs them). Leaves a screenshot in {@code target/live-page.png}.
 */
class LivePageBrowserTests {

	private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
			"/usr/bin/google-chrome");

	private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

	@Test
	void pageShowsTheLevelAndItsNumbersMoveDuringTheFlood() throws Exception {
		Path browser = firstExisting(BROWSERS);
		Path driverBinary = firstExisting(DRIVERS);
		Assumptions.assumeTrue(browser != null && driverBinary != null,
				"No Chromium here: install Debian's chromium and chromium-driver (apt-get install -y chromium "
						+ "chromium-driver, as .ci/run does) to run the live page test");
		Path profile = Files.createTempDirectory("memguard-live-page-chromium");
		try (ForkedSampleApp app = ForkedSampleApp.start(Path.of("target", "live-page-app.log"), List.of("-Xmx256m"),
				List.of("--sample.seed.bookings=1000"))) {
			WebDriver browserDriver = start(browser, driverBinary, profile);
			try {
				browserDriver.get(app.uri("/?floodSeconds=12").toString());
				WebDriverWait wait = new WebDriverWait(browserDriver, Duration.ofSeconds(30));
				wait.until((page) -> List.of("NORMAL", "WARNING", "CRITICAL").contains(text(page, "level")));
				assertThat(text(browserDriver, "heap-max")).endsWith("MB");
				assertThat(text(browserDriver, "routes")).doesNotContain("/demo/allocate");
				String heapBefore = text(browserDriver, "heap-used");
				browserDriver.findElement(By.id("flood-button")).click();
				wait.until((page) -> text(page, "flood-status").startsWith("Running"));
				wait.withTimeout(Duration.ofSeconds(60))
					.until((page) -> text(page, "routes").contains("/demo/allocate")
							&& !text(page, "heap-used").equals(heapBefore)
							&& !text(page, "flood-status").contains(" 0 answered"));
				// late in the flood, when waits have timed out and refusals show
				wait.until((page) -> text(page, "flood-status").matches("(Running, [0-3] s left|Finished).*"));
				screenshot(browserDriver);
				wait.until((page) -> text(page, "flood-status").startsWith("Finished"));
			}
			finally {
				browserDriver.quit();
			}
		}
		finally {
			deleteRecursively(profile);
		}
	}

	private static WebDriver start(Path browser, Path driver, Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
				"--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static String text(WebDriver page, String id) {
		return page.findElement(By.id(id)).getText();
	}

	private static void screenshot(WebDriver page) throws IOException {
		File shot = ((TakesScreenshot) page).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), Path.of("target", "live-page.png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private static Path firstExisting(List<String> candidates) {
		return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach((file) -> file.toFile().delete());
		}
	}

}
