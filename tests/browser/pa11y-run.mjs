// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) over many pages in one Node process and one browser.
//
// Usage: node pa11y-run.mjs WIDTH[,WIDTH...] URL [URL...]
// Prints a JSON list on stdout, one entry per page and width: {url, width, issues}, where
// issues are pa11y's errors (warnings and notices are left out: they need a person to judge).
// Debian's Chromium is driven directly (CHROME_PATH, default /usr/bin/chromium): puppeteer's
// own browser download is never used.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const [widthList, ...urls] = process.argv.slice(2);
if (!widthList || urls.length === 0) {
  console.error("usage: node pa11y-run.mjs WIDTH[,WIDTH...] URL [URL...]");
  process.exit(2);
}
const widths = widthList.split(",").map(Number);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
const results = [];
try {
  for (const width of widths) {
    for (const url of urls) {
      const report = await pa11y(url, {
        browser,
        runners: ["htmlcs"],
        standard: "WCAG2AA",
        viewport: { width, height: 900 },
        timeout: 60000,
      });
      results.push({
        url,
        width,
        issues: report.issues.map(({ code, message, selector, context }) => ({ code, message, selector, context })),
      });
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 1));
