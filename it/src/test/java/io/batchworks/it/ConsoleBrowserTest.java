package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator console in a real headless Chromium (Debian's, driven through its chromedriver), against a forked
 * engine with the rates plugin and a JAR it refuses: sign in, create an import of 200,000 rows by dropping its CSV on
 * the page, start it, watch progress and ETA move, stop it, restart it, see it end {@code partial} with the right
 * counts, download {@code out.csv}; the refused JAR's reason on the plugins page; a task schedule added, seen firing,
 * paused and deleted on the schedules page; a task that waits for another, shown with what it waits for until it starts
 * by itself; a task queued for a slot, with its place; a wrong token's message; the pages at
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
    private Console console;

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
        engine = new Engines.Forked(db, work, "--rates.import.chunk-size=2000", "--batchworks.dashboard.sample-interval=1");
        downloads = Files.createDirectories(work.resolve("downloads"));
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900")
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build(), options);
        console = new Console(browser, SHOTS);
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
        console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("token")).isDisplayed());

        // a wrong token: a message, no console
        console.find(By.id("token")).sendKeys("not-a-token");
        console.find(By.cssSelector("#sign-in button")).click();
        assertThat(console.message()).contains("Sign-in failed", "401");
        console.shot("sign-in-refused");

        console.find(By.id("token")).clear();
        console.find(By.id("token")).sendKeys(engine.api().token());
        console.find(By.cssSelector("#sign-in button")).click();
        console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("dashboard")).isDisplayed());
        console.find(By.linkText("Tasks")).click();
        console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("tasks")).isDisplayed());
        console.shot("tasks-empty");

        // new task: rates/import, the CSV dropped on the page
        console.find(By.linkText("New task")).click();
        console.select("category", "rates");
        console.select("action", "import");
        assertThat(console.find(By.id("type-doc")).getText()).contains("prefix", "rate_cost");
        console.find(By.id("params")).sendKeys("ratedeck_id=console");
        console.drop(deck);
        assertThat(console.find(By.id("chosen")).getText()).contains("deck.csv");
        console.find(By.id("start-now")).click(); // started below, from the task's page
        console.shot("new-task");
        console.find(By.id("create")).click();
        console.wait(Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("#/task/"));
        String id = browser.getCurrentUrl().replaceAll(".*#/task/", "");
        console.wait(Duration.ofSeconds(15)).until(d -> !console.status().isEmpty());
        assertThat(console.status()).isEqualTo("pending");
        assertThat(console.enabled("stop")).isFalse();

        // start: the bar advances and an ETA shows, live
        console.press("start");
        console.wait(Duration.ofSeconds(30)).until(d -> console.progress() > 0);
        int first = console.progress();
        console.wait(Duration.ofSeconds(60)).until(d -> console.progress() > first && console.text("speed").contains("ETA"));
        console.wait(Duration.ofSeconds(15)).until(d -> console.text("runs").contains("rows") && console.text("runs").contains("started"));
        console.shot("task-running");
        assertThat(console.enabled("start")).isFalse();
        assertThat(console.enabled("delete")).isFalse();

        // stop, then restart from the last committed chunk
        console.press("stop");
        console.wait(Duration.ofSeconds(60)).until(d -> console.status().equals("stopped"));
        int stoppedAt = console.progress();
        assertThat(stoppedAt).isBetween(1, 99);
        assertThat(console.enabled("restart")).isTrue();
        console.shot("task-stopped");
        console.press("restart");
        console.wait(Duration.ofSeconds(180)).until(d -> console.status().equals("partial"));
        long good = ROWS - ROWS / BAD_EVERY;
        assertThat(console.text("counts"))
                .isEqualTo(String.format("%,d written, %,d failed of %,d", good, ROWS / BAD_EVERY, ROWS));
        assertThat(browser.findElements(By.cssSelector("#runs .run"))).as("two runs: the stopped one and the restart").hasSize(2);
        console.wait(Duration.ofSeconds(10)).until(d -> chartData("runs-chart", 0).size() == 2);
        assertThat(chartData("runs-chart", 0)).as("each run's rows per second, drawn").allMatch(v -> v.doubleValue() > 0);
        console.shot("task-partial");

        // out.csv: every failed row with its reason and line
        console.click(By.id("download-out-csv"));
        Path out = downloads.resolve(id + "_out.csv");
        console.wait(Duration.ofSeconds(30)).until(d -> Files.exists(out) && Console.lines(out) == ROWS / BAD_EVERY + 1);
        assertThat(Files.readAllLines(out).get(0)).endsWith("error,line");

        // the list shows it, with its counts
        console.find(By.linkText("Tasks")).click();
        console.wait(Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> { // a row is redrawn when its task changes
            String row = d.findElement(By.cssSelector("tr[data-id='" + id + "']")).getText();
            return row.contains("rates/import") && row.contains("partial");
        });
        console.shot("tasks");

        // the dashboard: the account at work with its use of its limits, rows per second across the engine, tasks per day
        console.find(By.linkText("Dashboard")).click();
        console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("accounts-at-work")).isDisplayed());
        console.wait(Duration.ofSeconds(30)).until(d -> chartData("rows-chart", 0).stream().anyMatch(v -> v.doubleValue() > 0));
        List<Number> partialPerDay = chartData("days-chart", 1);
        assertThat(partialPerDay.get(partialPerDay.size() - 1).intValue()).as("today's partial import").isGreaterThanOrEqualTo(1);
        console.shot("dashboard");

        // plugins: the refused JAR and why
        console.find(By.linkText("Plugins")).click();
        WebElement broken = console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("tr[data-file='broken.jar'] .reason")));
        assertThat(broken.getText()).isNotBlank();
        assertThat(console.text("plugins")).contains("GET /v2/rates/number/{number}");
        console.shot("plugins");

        console.find(By.linkText("Schedules")).click();
        console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("schedules")).isDisplayed());

        // a task schedule made on its page: it fires, shows its last task, is paused and deleted
        console.select("schedule-type", "rates/export");
        console.find(By.id("schedule-name")).sendKeys("console export");
        console.find(By.id("schedule-timing")).sendKeys("2s");
        console.click(By.id("add-schedule"));
        assertThat(console.message()).contains("added");
        String schedules = "/v2/accounts/" + engine.api().get("/v2/token_auth").data().path("account_id").asString() + "/task_schedules";
        Engines.await(Duration.ofSeconds(30), "a fire", () -> engine.api().get(schedules).data().get(0).has("last_task"));
        console.find(By.linkText("Tasks")).click();
        console.find(By.linkText("Schedules")).click();
        console.find(By.cssSelector("#task-schedules .last-task a"));
        assertThat(console.text("task-schedules")).contains("console export", "rates/export", "every 2s", "enabled");
        console.shot("schedules");
        console.click(By.xpath("//table[@id='task-schedules']//button[text()='Pause']"));
        console.wait(Duration.ofSeconds(10)).until(d -> console.text("task-schedules").contains("paused"));
        console.click(By.xpath("//table[@id='task-schedules']//button[text()='Delete']"));
        console.wait(Duration.ofSeconds(10)).until(d -> console.text("task-schedules").contains("No schedules yet"));

        // a task that waits for another: what it waits for, and no Start button to press
        String waitedFor = engine.api().put("/v2/tasks?category=rates&action=export").task().path("id").asString();
        String waiting = engine.api().put("/v2/tasks?category=rates&action=export&after=" + waitedFor).task().path("id").asString();
        browser.get(engine.api().base() + "/console/#/task/" + waiting);
        console.wait(Duration.ofSeconds(10)).until(d -> { // read in one go: the task's view is redrawn as events come
            String after = console.text("after");
            return after.contains(waitedFor) && after.contains("pending") && after.contains("starts by itself");
        });
        assertThat(console.enabled("start")).as("no Start for a task that starts by itself").isFalse();
        console.wait(Duration.ofSeconds(10)).until(d -> console.text("webhooks-told").contains("No webhook was told of this task"));
        // the task it waits for ends: it starts by itself, and its page follows it to its own end
        engine.api().patch("/v2/tasks/" + waitedFor);
        console.wait(Duration.ofSeconds(60)).until(d -> console.status().equals("success"));
        assertThat(console.text("after")).contains(waitedFor, "success").doesNotContain("starts by itself");

        // a task waiting for a slot (its account limited to one task at once): its place in its account's queue
        String me = "/v2/accounts/" + engine.api().get("/v2/token_auth").data().path("account_id").asString();
        assertThat(engine.api().patch(me, "{\"data\": {\"task_limits\": {\"max_running\": 1}}}").status()).isEqualTo(200);
        String busy = engine.api().createAndStart("category=rates&action=import&ratedeck_id=busy", deck);
        String queued = engine.api().createAndStart("category=rates&action=export", (String) null);
        browser.get(engine.api().base() + "/console/#/task/" + queued);
        console.wait(Duration.ofSeconds(10)).until(d -> console.text("queue").contains("place 1 in its account's queue"));
        assertThat(console.enabled("stop")).as("a queued task may leave the queue").isTrue();
        console.shot("task-queued");
        for (String task : List.of(queued, busy)) {
            engine.api().patch("/v2/tasks/" + task + "/stop");
        }
        engine.api().patch(me, "{\"data\": {\"task_limits\": {\"max_running\": null}}}");

        // a phone's width: no page wider than the screen, nothing on it to scroll sideways
        browser.manage().window().setSize(new Dimension(390, 844));
        Map<String, By> pages = Map.of("Dashboard", By.id("days-chart"), "Tasks", By.cssSelector("tr[data-id='" + id + "']"), "New task", By.id("create"),
                "Plugins", By.cssSelector("tr[data-file='broken.jar']"), "Schedules", By.id("schedules"));
        new TreeMap<>(pages).forEach((page, shown) -> {
            console.find(By.linkText(page)).click();
            console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(shown).isDisplayed());
            console.assertFitsThePhone(page);
        });
        browser.get(engine.api().base() + "/console/#/task/" + id);
        console.wait(Duration.ofSeconds(15)).until(d -> console.status().equals("partial"));
        console.assertFitsThePhone("a task");
        console.shot("task-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        console.find(By.id("sign-out")).click();
        console.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("token")).isDisplayed());
    }

    /** The numbers a chart of the page draws: its dataset {@code dataset}, as Chart.js holds it. */
    @SuppressWarnings("unchecked")
    private List<Number> chartData(String canvas, int dataset) {
        Object data = ((JavascriptExecutor) browser).executeScript("const c = window.Chart && Chart.getChart(arguments[0]);"
                + " return c ? c.data.datasets[arguments[1]].data : [];", canvas, dataset);
        return (List<Number>) data;
    }
}
