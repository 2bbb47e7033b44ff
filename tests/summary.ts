// Prints one closing line for the whole run, "tests: N passed, N failed", from the JSON reports of
// vitest and Playwright that tests/run-all.sh asks them to write.
import { readFileSync } from 'node:fs';

interface VitestReport {
	numPassedTests: number;
	numFailedTests: number;
}
interface PlaywrightReport {
	stats: { expected: number; unexpected: number; flaky: number };
}

const [vitestFile, playwrightFile] = process.argv.slice(2);
const vitest = JSON.parse(readFileSync(vitestFile ?? '', 'utf8')) as VitestReport;
const playwright = JSON.parse(readFileSync(playwrightFile ?? '', 'utf8')) as PlaywrightReport;
const passed = vitest.numPassedTests + playwright.stats.expected + playwright.stats.flaky;
const failed = vitest.numFailedTests + playwright.stats.unexpected;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
