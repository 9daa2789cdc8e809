package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's pages as a test drives them in the browser: finding what the script draws, pressing a task's buttons,
 * reading values in one go (the pages are redrawn as events come, so elements found earlier go stale), screenshots into
 * {@code shots}.
 */
final class Console {

    private final WebDriver browser;
    private final Path shots;

    Console(WebDriver browser, Path shots) {
        this.browser = browser;
        this.shots = shots;
    }

    /**
     * Nothing of the page reaches past the screen's right edge: neither the page itself nor an element inside a box
     * that would scroll sideways (a wide table in a scrolling frame).
     */
    void assertFitsThePhone(String page) {
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
    void drop(Path file) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("const i = document.createElement('input'); i.type = 'file'; i.id = 'drop-source'; i.style.display = 'none';"
                + " document.body.append(i);");
        find(By.id("drop-source")).sendKeys(file.toAbsolutePath().toString());
        js.executeScript("const dt = new DataTransfer(); dt.items.add(document.getElementById('drop-source').files[0]);"
                + " document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
    }

    /** The element, once the page (drawn by script after each navigation) has it. */
    WebElement find(By by) {
        return wait(Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> d.findElement(by));
    }

    void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(find(By.id(id))).selectByValue(value);
    }

    void press(String move) {
        click(By.id("btn-" + move));
    }

    /** Clicks in the task's view, which may be redrawn between finding the element and the click: a stale one is found again. */
    void click(By by) {
        wait(Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** Read in the page in one go, for the same reason as {@link #status()}. */
    boolean enabled(String move) {
        Object enabled = wait(Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d).executeScript(
                "const b = document.getElementById('btn-' + arguments[0]); return b ? String(!b.disabled) : null;", move));
        return "true".equals(enabled); // a string, because a wait takes a Boolean false for "not yet"
    }

    /** Read in the page in one go: the task's view is redrawn as events come, so elements found earlier go stale. */
    String status() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const b = document.querySelector('#task-info .status'); return b ? b.textContent : '';"));
    }

    int progress() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "const b = document.querySelector('#task-info .bar'); return b ? Number(b.getAttribute('aria-valuenow')) : -1;")).intValue();
    }

    String text(String id) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id));
    }

    String message() {
        return wait(Duration.ofSeconds(10)).until(d -> {
            WebElement m = d.findElement(By.id("message"));
            return m.isDisplayed() ? m.getText() : null;
        });
    }

    /** A wait that, timed out, says where the browser was and what the page read then. */
    WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(100));
        wait.withMessage(() -> {
            String page = text("page");
            return "at " + browser.getCurrentUrl() + ", the page read: " + (page.length() > 2_000 ? page.substring(0, 2_000) + "..." : page);
        });
        return wait;
    }

    static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return -1;
        }
    }

    void shot(String name) throws IOException {
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
