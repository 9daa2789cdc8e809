package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium (Debian's, driven through its chromedriver), against a forked
 * engine with the rates plugin and a JAR it refuses: sign in, create an import of 200,000 rows by dropping its CSV on
 * the page, start it, watch progress and ETA move, stop it, restart it, see it end {@code partial} with the right
 * counts, download {@code out.csv}; the refused JAR's reason on the plugins page; a wrong token's message; the pages at
 * a phone's width. Screenshots of each page go to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT) // its engine and browser are processes of their own: beside the other tests
class ConsoleBrowserTest {

    private static final int ROWS = 200_000;
    private static final int BAD_EVERY = 1_000;
    private static final Path SHOTS = Path.of("target/console-screenshots");

    @TempDir
    static Path work;
    private TestDatabase db;
    private Engines.Forked engine;
    private WebDriver browser;
    private Path downloads;

    @BeforeAll
    void start() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!installed && !"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.abort("Chromium and chromedriver are not installed (outside CI, so skipped; .ci/run installs them)");
        }
        assertThat(installed).as("/usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and chromium-driver)").isTrue();
        Dist.plugins(work, "rates-*.jar");
        Files.writeString(work.resolve("plugins/broken.jar"), "not a jar");
        db = TestDatabase.hsqldb();
        engine = new Engines.Forked(db, work, "--rates.import.chunk-size=2000");
        downloads = Files.createDirectories(work.resolve("downloads"));
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900")
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build(), options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (engine != null) {
            engine.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anOperatorRunsStopsAndRestartsAnImportFromTheConsole() throws Exception {
        Path deck = Fixtures.ratedeck(work, "deck.csv", ROWS, "--bad-every", Integer.toString(BAD_EVERY));
        browser.get(engine.api().base() + "/");
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("token")).isDisplayed());

        // a wrong token: a message, no console
        find(By.id("token")).sendKeys("not-a-token");
        find(By.cssSelector("#sign-in button")).click();
        assertThat(message()).contains("Sign-in failed", "401");
        shot("sign-in-refused");

        find(By.id("token")).clear();
        find(By.id("token")).sendKeys(engine.api().token());
        find(By.cssSelector("#sign-in button")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("tasks")).isDisplayed());
        shot("tasks-empty");

        // new task: rates/import, the CSV dropped on the page
        find(By.linkText("New task")).click();
        select("category", "rates");
        select("action", "import");
        assertThat(find(By.id("type-doc")).getText()).contains("prefix", "rate_cost");
        find(By.id("params")).sendKeys("ratedeck_id=console");
        drop(deck);
        assertThat(find(By.id("chosen")).getText()).contains("deck.csv");
        find(By.id("start-now")).click(); // started below, from the task's page
        shot("new-task");
        find(By.id("create")).click();
        wait(Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("#/task/"));
        String id = browser.getCurrentUrl().replaceAll(".*#/task/", "");
        wait(Duration.ofSeconds(15)).until(d -> !status().isEmpty());
        assertThat(status()).isEqualTo("pending");
        assertThat(enabled("stop")).isFalse();

        // start: the bar advances and an ETA shows, live
        press("start");
        wait(Duration.ofSeconds(30)).until(d -> progress() > 0);
        int first = progress();
        wait(Duration.ofSeconds(60)).until(d -> progress() > first && text("speed").contains("ETA"));
        wait(Duration.ofSeconds(15)).until(d -> text("runs").contains("rows") && text("runs").contains("started"));
        shot("task-running");
        assertThat(enabled("start")).isFalse();
        assertThat(enabled("delete")).isFalse();

        // stop, then restart from the last committed chunk
        press("stop");
        wait(Duration.ofSeconds(60)).until(d -> status().equals("stopped"));
        int stoppedAt = progress();
        assertThat(stoppedAt).isBetween(1, 99);
        assertThat(enabled("restart")).isTrue();
        shot("task-stopped");
        press("restart");
        wait(Duration.ofSeconds(180)).until(d -> status().equals("partial"));
        long good = ROWS - ROWS / BAD_EVERY;
        assertThat(text("counts"))
                .isEqualTo(String.format("%,d written, %,d failed of %,d", good, ROWS / BAD_EVERY, ROWS));
        assertThat(browser.findElements(By.cssSelector("#runs .run"))).as("two runs: the stopped one and the restart").hasSize(2);
        shot("task-partial");

        // out.csv: every failed row with its reason and line
        click(By.id("download-out-csv"));
        Path out = downloads.resolve(id + "_out.csv");
        wait(Duration.ofSeconds(30)).until(d -> Files.exists(out) && lines(out) == ROWS / BAD_EVERY + 1);
        assertThat(Files.readAllLines(out).get(0)).endsWith("error,line");

        // the list shows it, with its counts
        find(By.linkText("Tasks")).click();
        WebElement row = wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("tr[data-id='" + id + "']")));
        assertThat(row.getText()).contains("rates/import", "partial");
        shot("tasks");

        // plugins: the refused JAR and why
        find(By.linkText("Plugins")).click();
        WebElement broken = wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("tr[data-file='broken.jar'] .reason")));
        assertThat(broken.getText()).isNotBlank();
        assertThat(text("plugins")).contains("GET /v2/rates/number/{number}");
        shot("plugins");

        find(By.linkText("Schedules")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("schedules")).isDisplayed());
        shot("schedules");

        // a task that waits for another: what it waits for, and no Start button to press
        String waitedFor = engine.api().put("/v2/tasks?category=rates&action=export").task().path("id").asString();
        String waiting = engine.api().put("/v2/tasks?category=rates&action=export&after=" + waitedFor).task().path("id").asString();
        browser.get(engine.api().base() + "/console/#/task/" + waiting);
        WebElement after = wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("after")));
        assertThat(after.getText()).contains(waitedFor, "pending", "starts by itself");
        assertThat(find(By.id("btn-start")).isEnabled()).isFalse();

        // a phone's width: no page wider than the screen, nothing on it to scroll sideways
        browser.manage().window().setSize(new Dimension(390, 844));
        Map<String, By> pages = Map.of("Tasks", By.cssSelector("tr[data-id='" + id + "']"), "New task", By.id("create"),
                "Plugins", By.cssSelector("tr[data-file='broken.jar']"), "Schedules", By.id("schedules"));
        new TreeMap<>(pages).forEach((page, shown) -> {
            find(By.linkText(page)).click();
            wait(Duration.ofSeconds(10)).until(d -> d.findElement(shown).isDisplayed());
            assertFitsThePhone(page);
        });
        browser.get(engine.api().base() + "/console/#/task/" + id);
        wait(Duration.ofSeconds(15)).until(d -> status().equals("partial"));
        assertFitsThePhone("a task");
        shot("task-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        find(By.id("sign-out")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("token")).isDisplayed());
    }

    /**
     * Nothing of the page reaches past the screen's right edge: neither the page itself nor an element inside a box
     * that would scroll sideways (a wide table in a scrolling frame).
     */
    private void assertFitsThePhone(String page) {
        Object overflow = ((JavascriptExecutor) browser).executeScript("""
                const width = document.documentElement.clientWidth;
                let widest = document.documentElement.scrollWidth, what = 'the page';
                for (const e of document.querySelectorAll('body *')) {
                  const box = e.getBoundingClientRect();
                  const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '');
                  if (box.width > 0 && box.height > 0 && box.right > widest) {
                    widest = box.right;
                    what = name;
                  } else if (what === 'the page' && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) {
                    what = name + ', whose content is wider than it';
                  }
                }
                return Math.ceil(widest - width) + ' px: ' + what;""");
        assertThat(overflow.toString()).as("%s at 390 px: how far past the right edge, and what", page).startsWith("0 px");
    }

    /** Drops a file on the page's drop zone as a browser would: a drop event carrying it. */
    private void drop(Path file) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("const i = document.createElement('input'); i.type = 'file'; i.id = 'drop-source'; i.style.display = 'none';"
                + " document.body.append(i);");
        find(By.id("drop-source")).sendKeys(file.toAbsolutePath().toString());
        js.executeScript("const dt = new DataTransfer(); dt.items.add(document.getElementById('drop-source').files[0]);"
                + " document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
    }

    /** The element, once the page (drawn by script after each navigation) has it. */
    private WebElement find(By by) {
        return wait(Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> d.findElement(by));
    }

    private void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(find(By.id(id))).selectByValue(value);
    }

    private void press(String move) {
        click(By.id("btn-" + move));
    }

    /** Clicks in the task's view, which may be redrawn between finding the element and the click: a stale one is found again. */
    private void click(By by) {
        wait(Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** Read in the page in one go, for the same reason as {@link #status()}. */
    private boolean enabled(String move) {
        Object enabled = wait(Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d).executeScript(
                "const b = document.getElementById('btn-' + arguments[0]); return b ? String(!b.disabled) : null;", move));
        return "true".equals(enabled); // a string, because a wait takes a Boolean false for "not yet"
    }

    /** Read in the page in one go: the task's view is redrawn as events come, so elements found earlier go stale. */
    private String status() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const b = document.querySelector('#task-info .status'); return b ? b.textContent : '';"));
    }

    private int progress() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "const b = document.querySelector('#task-info .bar'); return b ? Number(b.getAttribute('aria-valuenow')) : -1;")).intValue();
    }

    private String text(String id) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id));
    }

    private String message() {
        return wait(Duration.ofSeconds(10)).until(d -> {
            WebElement m = d.findElement(By.id("message"));
            return m.isDisplayed() ? m.getText() : null;
        });
    }

    private WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(100));
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
