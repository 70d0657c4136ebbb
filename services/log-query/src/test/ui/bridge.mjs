// A line-based bridge from the Java test to a real headless Chromium: Debian's /usr/bin/chromium driven by
// playwright-core (which never downloads a browser). Each stdin line is {"id", "script"}: the body of an async
// function of (page, context) whose JSON result is written back as {"id", "ok", "value"} or {"id", "ok": false,
// "error"}. The test keeps the scenario and the assertions; this file only runs what it is sent.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const userDataDir = mkdtempSync(join(tmpdir(), 'tributary-ui-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
const console_ = [];
page.on('console', m => console_.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', e => console_.push(`pageerror: ${e.message}`));
context.consoleLines = console_;

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const send = o => process.stdout.write(JSON.stringify(o) + '\n');
send({ id: 0, ok: true, value: 'ready' });

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, script } = JSON.parse(line);
  try {
    const value = await new AsyncFunction('page', 'context', script)(page, context);
    send({ id, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    send({ id, ok: false, error: `${e.stack ?? e}\nbrowser console:\n${console_.slice(-20).join('\n')}` });
  }
}
await context.close();
