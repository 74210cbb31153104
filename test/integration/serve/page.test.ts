// The query page at / in a real browser (Debian's Chromium, driven by playwright-core): a query typed
// in the editor and run renders the table the endpoint gives over HTTP; the README's examples are listed.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureOut, serve, type Served } from '../../support/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const QUERY = `SELECT ?pathway ?title ?organism WHERE {
  ?pathway a wp:Pathway ; dc:title ?title ; wp:organismName ?organism .
} ORDER BY ?title`;

let server: Served;
let browser: BrowserContext;
let page: Page;

interface Binding {
  type: string;
  value: string;
}

/** The endpoint's own answer, as the cells should show it: an IRI's link target, a literal's text. */
async function expectedRows(query: string): Promise<string[][]> {
  const r = await fetch(server.endpoint, {
    method: 'POST',
    body: new URLSearchParams({ query }),
    headers: { Accept: 'application/sparql-results+json' },
  });
  const json = (await r.json()) as { head: { vars: string[] }; results: { bindings: Record<string, Binding>[] } };
  return json.results.bindings.map((b) => json.head.vars.map((v) => (b[v] === undefined ? '' : b[v]!.value)));
}

/** The rendered table: a link's target for an IRI, else the cell's own text (without the @lang or datatype note). */
function renderedRows(): Promise<{ head: string[]; rows: string[][] }> {
  return page.evaluate(() => {
    const table = document.querySelector('#results table')!;
    const head = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map(
        (td) => td.querySelector('a')?.getAttribute('href') ?? td.firstChild?.textContent ?? '',
      ),
    );
    return { head, rows };
  });
}

describe('the query page in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
    server = await serve(fixtureOut());
    // A fresh profile each time; without the background-networking flags Chromium's connections get refused here.
    browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'pathway-kg-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1100, height: 760 },
      acceptDownloads: true,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(server.base);
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs a typed query and shows the endpoint's answer as a table, IRIs as links", async () => {
    await page.fill('#query', '');
    await page.type('#query', QUERY, { delay: 0 });
    expect(await page.textContent('#gutter')).toBe('1\n2\n3');
    await page.click('#run');
    await page.waitForSelector('#results table');
    const shown = await renderedRows();
    expect(shown.head).toEqual(['pathway', 'title', 'organism']);
    const expected = await expectedRows(QUERY);
    expect(expected).toHaveLength(3);
    expect(shown.rows).toEqual(expected);
    expect(await page.textContent('#status')).toMatch(/^3 rows · \d+ ms$/);
    // IRIs are shown with the predefined prefixes when one covers them; the link keeps the full IRI.
    expect(await page.locator('#results td a').first().getAttribute('href')).toBe(expected[0]![0]);
    await page.screenshot({ path: path.join(tmpdir(), 'pathway-kg-query-page.png') });
  });

  it('offers the answer as CSV and JSON downloads', async () => {
    const csvHref = await page.getAttribute('#csv', 'href');
    const jsonHref = await page.getAttribute('#json', 'href');
    const csv = await (await fetch(new URL(csvHref!, server.base))).text();
    expect(csv.split('\r\n')[0]).toBe('pathway,title,organism');
    expect(csv.trim().split('\r\n')).toHaveLength(4);
    const json = (await (await fetch(new URL(jsonHref!, server.base))).json()) as { results: { bindings: unknown[] } };
    expect(json.results.bindings).toHaveLength(3);
    const download = page.waitForEvent('download');
    await page.click('#csv');
    expect((await download).suggestedFilename()).toBe('results.csv');
  });

  it("lists the README's example queries and runs the one picked", async () => {
    const options = await page.$$eval('#examples option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''),
    );
    const examples = (await (await fetch(`${server.base}examples.json`)).json()) as { query: string }[];
    expect(options).toHaveLength(examples.length);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const organisms = examples.findIndex((e) => e.query.includes('pathwayCount'));
    await page.selectOption('#examples', String(organisms));
    expect(await page.inputValue('#query')).toBe(examples[organisms]!.query);
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#results th')?.textContent === 'name');
    expect((await renderedRows()).rows).toEqual(await expectedRows(examples[organisms]!.query));
  });

  it("shows a bad query's error with its line and column", async () => {
    await page.fill('#query', 'SELECT * WHERE {\n  ?s ?p }');
    await page.click('#run');
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toMatch(/^400: SPARQL syntax error at line 2, column \d+/);
  });
});
