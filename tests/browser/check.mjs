// Loads each web edition given in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM),
// runs axe-core at WCAG 2.1 AA in light and in dark mode, and saves screenshots at 375 and
// 1280 px wide into the folder given with --shots. Prints one JSON line per page checked and
// exits 1 if any has a violation, 2 if the browser cannot run.
//
//   node tests/browser/check.mjs [--shots DIR] FILE.html...
import { readFileSync, mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
let shots = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--shots") shots = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node tests/browser/check.mjs [--shots DIR] FILE.html...");
  process.exit(2);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
} catch (e) {
  console.error(`cannot start Chromium: ${e.message}\nfix: apt-get install chromium (or set CHROMIUM)`);
  process.exit(2);
}

let failed = false;
for (const file of files) {
  const url = pathToFileURL(resolve(file)).href;
  for (const scheme of ["light", "dark"]) {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        colorScheme: scheme,
        javaScriptEnabled: true, // for axe only: the page itself has no script
      });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        await axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        }),
      );
      // Nothing may run past the viewport's width on a phone.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (shots) {
        mkdirSync(shots, { recursive: true });
        await page.screenshot({
          path: `${shots}/${basename(file, ".html")}-${width}-${scheme}.png`,
          fullPage: false,
        });
      }
      const violations = result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
      if (violations.length > 0 || overflow > 0) failed = true;
      console.log(JSON.stringify({ file, scheme, width, violations, overflow }));
      await context.close();
    }
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
