package dev.acmstream.job.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acmstream.asr.eval.AsteriskManifest;
import dev.acmstream.asr.eval.ErrorRate;
import dev.acmstream.asr.recognizer.OfflineTranscriber;
import dev.acmstream.asr.recognizer.Recognizer;
import dev.acmstream.asr.recognizer.RecognizerConfig;
import dev.acmstream.audio.channels.ChannelRole;
import dev.acmstream.job.control.BudgetSource;
import dev.acmstream.job.pipeline.RecognizerSettings;
import dev.acmstream.job.pipeline.TranscriptionJob;
import dev.acmstream.job.testing.TestAudio;
import dev.acmstream.job.testing.TestModel;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live page in Debian's headless Chromium (driven by Selenium and chromium-driver, both
 * installed by scripts/test.sh): WAV files go in through the page's file input and, once, through
 * the microphone with Chromium's fake capture device; the transcript on the page is scored
 * against the Asterisk references.
 */
class LiveBrowserTest {
    static final double BUDGET = 0.6;
    static final String TOKEN = "browser-token";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static InProcessBridge bridge;
    static LiveGateway gateway;
    static List<AsteriskManifest.Entry> prompts;
    static Path fakeMic;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("apt-get install chromium chromium-driver (scripts/test.sh does)").exists();
        assertThat(CHROMEDRIVER).as("apt-get install chromium-driver (scripts/test.sh does)").exists();
        List<Path> names = TestAudio.prompts(4);
        prompts = new ArrayList<>();
        for (AsteriskManifest.Entry e : AsteriskManifest.load()) {
            if (names.contains(e.wav())) {
                prompts.add(e);
            }
        }
        assertThat(prompts).hasSize(names.size());
        RecognizerSettings rs = RecognizerSettings.defaults(TestModel.dir().toString(), null);
        bridge = new InProcessBridge(new TranscriptionJob.Settings(rs, BudgetSource.fixed(BUDGET), 1 << 20, 8, ChannelRole.AGENT));
        gateway = new LiveGateway(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                GatewayLimits.DEFAULTS.withToken(TOKEN), bridge, Map.of("budget", BUDGET)).start();

        fakeMic = prompts.get(0).wav();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + fakeMic + "%noloop", "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    private String pageUrl() {
        return gateway.uri() + "?token=" + TOKEN;
    }

    private String status() {
        return browser.findElement(By.id("status")).getText();
    }

    private void awaitStatus(String state, Duration timeout) throws InterruptedException {
        await("status " + state, timeout, () -> {
            String s = browser.findElement(By.id("status")).getDomAttribute("data-state");
            if ("error".equals(s)) {
                throw new AssertionError("the page reports: " + status());
            }
            return state.equals(s);
        });
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; status: " + status());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void wavFilesFedThroughThePageGiveAWerWithinTenPointsOfThePlainRecognizer() throws Exception {
        RecognizerSettings rs = RecognizerSettings.defaults(TestModel.dir().toString(), null);
        ErrorRate plain = new ErrorRate();
        ErrorRate page = new ErrorRate();
        try (Recognizer r = Recognizer.load(new RecognizerConfig(Path.of(rs.modelDir()), null, rs.decoder(), rs.endpoint()))) {
            OfflineTranscriber t = new OfflineTranscriber(r);
            browser.get(pageUrl());
            await("the model line", Duration.ofSeconds(20),
                    () -> browser.findElement(By.id("model")).getText().contains("budget pinned at 0.6"));
            for (AsteriskManifest.Entry e : prompts) {
                plain.add(e.reference(), t.text(TestAudio.decode(e.wav()), BUDGET));
                browser.findElement(By.id("file")).sendKeys(e.wav().toAbsolutePath().toString());
                awaitStatus("streaming", Duration.ofSeconds(20));
                awaitStatus("finished", Duration.ofSeconds(60));
                String shown = browser.findElement(By.id("final")).getText().trim();
                page.add(e.reference(), shown);
                assertThat(browser.findElement(By.id("partial")).getText()).isEmpty();
            }
        }
        Path shot = Path.of("target/live-page.png");
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        System.out.printf("live page over %d prompts: WER %.1f%% CER %.1f%% (plain Recognizer WER %.1f%% CER %.1f%%); screenshot %s%n",
                page.utterances(), 100 * page.wer(), 100 * page.cer(), 100 * plain.wer(), 100 * plain.cer(), shot.toAbsolutePath());
        assertThat(plain.cer()).as("the test model must recognize something").isLessThan(0.9);
        assertThat(Math.abs(page.wer() - plain.wer())).as("page WER %.3f vs plain %.3f", page.wer(), plain.wer())
                .isLessThanOrEqualTo(0.10);
    }

    @Test
    void theMicrophoneStreamsThroughTheWebAudioWorklet() throws Exception {
        browser.get(pageUrl());
        browser.findElement(By.id("mic")).click();
        awaitStatus("streaming", Duration.ofSeconds(20));
        double seconds = TestAudio.decode(fakeMic).durationSeconds();
        Thread.sleep((long) (seconds * 1000) + 1500);
        browser.findElement(By.id("stop")).click();
        awaitStatus("finished", Duration.ofSeconds(60));
        String stats = browser.findElement(By.id("stats")).getText();
        assertThat(stats).matches("\\d+\\.\\d s sent, \\d+ events.*");
        double sent = Double.parseDouble(stats.substring(0, stats.indexOf(' ')));
        assertThat(sent).isGreaterThan(seconds);
        assertThat(browser.findElement(By.id("final")).getText()).isNotBlank();
        Files.write(Path.of("target/live-page-microphone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
