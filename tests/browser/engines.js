// Drives the spectator app in the engines other than Chromium, with one small interface for both:
// - Firefox ESR through puppeteer-core over WebDriver BiDi (`browser: 'firefox'`, Debian's /usr/bin/firefox-esr, headless).
// - WebKitGTK through WebKitWebDriver (W3C WebDriver over HTTP; the tiny client is below), which starts WebKitGTK's
//   MiniBrowser in automation mode in an Xvfb of its own (MiniBrowser has no headless mode).
// Each launch gets a fresh profile (Firefox: a temporary profile directory; WebKit: a temporary HOME and XDG
// directories, where MiniBrowser keeps its data) and is torn down by its own process ids.
// hide()/show() say how each engine is sent to the background (for real in both); what the tests emulate is said in
// pwa-engines.test.js. Chromium (playwright-core, chromium.js) is wrapped the same way for the benchmark's engine rows.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { freePort } from './stack.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    try { accessSync(p, constants.X_OK); return p; } catch { /* not here */ }
  }
  return null;
}

/** WebKitGTK's MiniBrowser: Debian ships it with libwebkit2gtk under /usr/lib/<triplet>/webkit2gtk-4.x/. */
export function findMiniBrowser() {
  if (process.env.WEBKIT_MINIBROWSER) return existsSync(process.env.WEBKIT_MINIBROWSER) ? process.env.WEBKIT_MINIBROWSER : null;
  for (const root of ['/usr/lib', '/usr/libexec', '/usr/local/lib']) {
    let dirs = [];
    try { dirs = readdirSync(root); } catch { continue; }
    // /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser, or directly /usr/libexec/webkit2gtk-4.1/MiniBrowser
    const candidates = [...dirs.filter((d) => d.startsWith('webkit')).map((d) => join(root, d)),
      ...dirs.filter((d) => d.includes('-linux-')).flatMap((d) => {
        try { return readdirSync(join(root, d)).filter((w) => /^webkit(2)?gtk/.test(w)).map((w) => join(root, d, w)); } catch { return []; }
      })];
    // Newest API first (webkitgtk-6.0, then 4.1, then 4.0).
    for (const dir of candidates.sort().reverse()) {
      const p = join(dir, 'MiniBrowser');
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** Why an engine cannot run here (a clear skip message), or false when it can. */
export function engineMissing(engine) {
  if (engine === 'firefox') {
    return existsSync(FIREFOX_PATH) ? false
      : `Firefox ESR not found at ${FIREFOX_PATH} (apt-get install firefox-esr, or set FIREFOX_PATH); .ci/run installs it`;
  }
  if (engine === 'webkit') {
    const missing = [];
    if (!(process.env.WEBKIT_WEBDRIVER || onPath('WebKitWebDriver'))) missing.push('WebKitWebDriver (apt-get install webkit2gtk-driver)');
    if (!findMiniBrowser()) missing.push('WebKitGTK MiniBrowser (comes with libwebkit2gtk, a dependency of webkit2gtk-driver)');
    if (!onPath('Xvfb')) missing.push('Xvfb (apt-get install xvfb)');
    return missing.length ? `WebKitGTK cannot run: missing ${missing.join(', ')}; .ci/run installs them` : false;
  }
  throw new Error(`unknown engine ${engine}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Processes: every process below a root pid, read from /proc, for tear-down by id and for CPU accounting.

const CLK_TCK = 100; // getconf CLK_TCK on Linux/x86-64 and arm64

function readStat(pid, tid = null) {
  try {
    const s = readFileSync(tid === null ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const f = s.slice(close + 2).split(' '); // f[0] is field 3 (state)
    return { pid, comm: s.slice(s.indexOf('(') + 1, close), ppid: Number(f[1]), utime: Number(f[11]), stime: Number(f[12]) };
  } catch { return null; }
}

/** pids of every live process whose ancestry reaches root (root included). */
export function processTree(root) {
  const all = [];
  for (const d of readdirSync('/proc')) if (/^\d+$/.test(d)) { const st = readStat(Number(d)); if (st) all.push(st); }
  const kids = new Map();
  for (const p of all) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p.pid]);
  const out = [];
  const todo = [root];
  while (todo.length && out.length < 10_000) {
    const p = todo.pop();
    if (!all.some((x) => x.pid === p)) continue;
    out.push(p);
    todo.push(...(kids.get(p) ?? []));
  }
  return out;
}

export function cmdline(pid) {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean); } catch { return []; }
}

/** CPU seconds (user + system) a process has used so far; thread: only that thread (tid), e.g. the main one (tid = pid). */
export function cpuSeconds(pid, { mainThreadOnly = false } = {}) {
  const st = readStat(pid, mainThreadOnly ? pid : null);
  return st ? (st.utime + st.stime) / CLK_TCK : 0;
}

/** A process as listed: pid plus its start time, so a pid the system reused for another process is never signalled. */
const identity = (pid) => {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state), f[19] field 22 (starttime)
    return { pid, state: f[0], start: f[19] };
  } catch { return null; }
};
const stillThere = (id) => { const now = identity(id.pid); return now !== null && now.start === id.start && now.state !== 'Z'; };

/** SIGTERM to each listed process (root's tree by default), SIGKILL to any still there 3 s later. */
async function killTree(root, pids = processTree(root)) {
  const ids = pids.map(identity).filter(Boolean);
  for (const id of ids) { try { process.kill(id.pid, 'SIGTERM'); } catch { /* gone */ } }
  for (let i = 0; i < 30 && ids.some(stillThere); i++) await sleep(100);
  for (const id of ids.filter(stillThere)) { try { process.kill(id.pid, 'SIGKILL'); } catch { /* gone */ } }
}

// ---------------------------------------------------------------------------------------------------------------
// PNG: the screenshot's pixels, read here rather than in the page (what the user would see, decoded outside).

/** @returns {{ width: number, height: number, pixel: (x: number, y: number) => [number, number, number] }} */
export function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const kind = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (kind === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); depth = data[8]; type = data[9]; interlace = data[12]; }
    if (kind === 'IDAT') idat.push(data);
    if (kind === 'IEND') break;
    off += 12 + len;
  }
  const channels = { 2: 3, 6: 4, 0: 1, 4: 2 }[type];
  if (depth !== 8 || !channels || interlace) throw new Error(`PNG type ${type} depth ${depth} interlace ${interlace} not supported`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) { const p = a + b - c; const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[y * stride + x] = v & 255;
    }
  }
  return {
    width, height,
    pixel(x, y) {
      const i = y * stride + x * channels;
      return channels >= 3 ? [px[i], px[i + 1], px[i + 2]] : [px[i], px[i], px[i]];
    },
  };
}

export const hexOf = ([r, g, b]) => `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()}`;

// ---------------------------------------------------------------------------------------------------------------
// One interface over both engines.

/**
 * @typedef {{
 *   engine: 'firefox' | 'webkit',
 *   version: string,
 *   goto: (url: string) => Promise<void>,
 *   evaluate: (fn: Function, ...args: any[]) => Promise<any>,         // fn's source runs in the page; JSON in and out
 *   evaluateAsync: (fn: Function, ...args: any[]) => Promise<any>,    // the same, awaiting the promise fn returns
 *   click: (selector: string) => Promise<void>,                       // a real (trusted) click: user activation
 *   screenshot: (path?: string) => Promise<Buffer>,                   // PNG of the viewport
 *   hide: () => Promise<void>, show: () => Promise<void>,               // to the background and back (see each engine)
 *   back: () => Promise<void>, forward: () => Promise<void>,
 *   pids: () => number[],                                             // every process of this browser
 *   contentMainThreads: () => number[],                               // pids whose main thread runs pages
 *   close: () => Promise<void>,
 * }} EnginePage
 */

/** Waits until fn (run in the page) returns truthy, polling from outside; bounded in time and count. */
export async function waitInPage(page, fn, arg, { timeoutMs = 20_000, intervalMs = 100, what = fn.toString().slice(0, 120) } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (let i = 0; i < Math.ceil(timeoutMs / intervalMs) + 10; i++) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (e) { last = e.message; } // a navigation in progress
    if (Date.now() > deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`${page.engine}: timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export async function launchEngine(engine, opts = {}) {
  if (engine === 'chromium') return launchChromiumEngine(opts);
  if (engine === 'firefox') return launchFirefox(opts);
  if (engine === 'webkit') return launchWebKit(opts);
  throw new Error(`unknown engine ${engine}`);
}

/**
 * Chromium through playwright-core (tests/browser/chromium.js), behind the same interface, for the benchmark's
 * side-by-side rows. Also reads DevTools' Performance metrics (main-thread task time of the page's renderer).
 */
export async function launchChromiumEngine({ width = 480, height = 800 } = {}) {
  const { launchChromium } = await import('./chromium.js');
  const browser = await launchChromium({ viewport: { width, height } });
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const root = () => {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const c = cmdline(Number(d)).join(' ');
      if (c.includes(`--user-data-dir=${browser.profile}`) && !c.includes('--type=')) return Number(d);
    }
    return null;
  };
  const browserPid = root();
  const pids = () => (browserPid ? processTree(browserPid) : []);
  return {
    engine: 'chromium',
    version: `Chromium ${browser.context.browser()?.version() ?? ''}`.trim(),
    errors: [],
    playwright: page,
    async goto(url) { await page.goto(url, { timeout: 60_000 }); },
    evaluate: (fn, ...args) => page.evaluate(fn, args[0]),
    evaluateAsync: (fn, ...args) => page.evaluate(fn, args[0]),
    async click(selector) { await page.click(selector); },
    async screenshot(path) { return page.screenshot(path ? { path } : {}); },
    async hide() { throw new Error('not used for Chromium: pwa-harness.js drives it'); },
    async show() { throw new Error('not used for Chromium: pwa-harness.js drives it'); },
    async back() { await page.goBack(); },
    async forward() { await page.goForward(); },
    pids,
    // Renderer processes run the pages; their main thread (tid = pid) runs the app's JS.
    contentMainThreads: () => pids().filter((p) => cmdline(p).join(' ').includes('--type=renderer')),
    /** DevTools Performance metrics of the page (seconds of main-thread work so far: TaskDuration, ScriptDuration, ...). */
    async metrics() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    },
    close: () => browser.close(),
  };
}

/** Firefox ESR via puppeteer-core and WebDriver BiDi, headless, fresh profile. */
export async function launchFirefox({ width = 480, height = 800 } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = mkdtempSync(join(tmpdir(), 'cuecast-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, userDataDir: profile,
    protocolTimeout: 60_000, timeout: 60_000,
    // puppeteer-core already turns updates, telemetry and safe browsing off; these keep Firefox's own services
    // (connectivity and captive-portal checks, push, region, DNS over HTTPS, remote settings) off the network too.
    extraPrefsFirefox: {
      'network.connectivity-service.enabled': false, 'network.captive-portal-service.enabled': false,
      'dom.push.connection.enabled': false, 'browser.region.update.enabled': false, 'browser.region.network.url': '',
      'network.trr.mode': 5, 'network.dns.disablePrefetch': true, 'network.prefetch-next': false,
      'services.settings.server': 'http://127.0.0.1:9/', 'toolkit.telemetry.enabled': false,
      'extensions.systemAddon.update.enabled': false, 'media.gmp-manager.updateEnabled': false,
    },
  });
  const page = (await browser.pages())[0] ?? await browser.newPage();
  await page.setViewport({ width, height });
  const root = browser.process()?.pid;
  let other = null;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message ?? String(e)));
  return {
    engine: 'firefox',
    version: await browser.version(),
    puppeteer: page,
    errors,
    async goto(url) { await page.goto(url, { waitUntil: 'load', timeout: 60_000 }); },
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    evaluateAsync: (fn, ...args) => page.evaluate(fn, ...args),
    async click(selector) { await page.click(selector); },
    async screenshot(path) {
      const buf = Buffer.from(await page.screenshot({ type: 'png' }));
      if (path) writeFileSync(path, buf);
      return buf;
    },
    // Real: another tab brought to the front hides this one (document.visibilityState 'hidden', timers throttled to
    // Firefox's background rate), as switching apps does on a phone; bringing it back shows it again.
    async hide() {
      other = await browser.newPage();
      await other.goto('about:blank');
      await other.bringToFront();
    },
    async show() {
      await page.bringToFront();
      await other?.close();
      other = null;
    },
    async back() { await page.evaluate(() => history.back()); },
    async forward() { await page.evaluate(() => history.forward()); },
    pids: () => (root ? processTree(root) : []),
    // Content processes run the pages: "Isolated Web Content" (a site's process under Fission, where the app runs),
    // "Web Content" (others); their main thread (tid = pid) runs the app's JS. Named by /proc comm (15 characters):
    // the fork server leaves their argv as one string.
    contentMainThreads: () => (root ? processTree(root).filter((p) => /^(Isolated Web Co|Web Content|Isolated Servic)/.test(readStat(p)?.comm ?? '')) : []),
    async close() {
      const pids = root ? processTree(root) : [];
      await Promise.race([browser.close().catch(() => {}), sleep(15_000)]);
      if (root) await killTree(root, pids);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A W3C WebDriver session over HTTP: the few commands these tests use. Every call is bounded in time. */
class WebDriver {
  constructor(base) { this.base = base; this.id = null; }
  async cmd(method, path, body, timeoutMs = 60_000) {
    const url = `${this.base}${this.id && !path.startsWith('/session') && path !== '/status' ? `/session/${this.id}` : ''}${path}`;
    const res = await fetch(url, {
      method, headers: body ? { 'content-type': 'application/json; charset=utf-8' } : {},
      body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { throw new Error(`WebDriver ${method} ${path}: ${res.status} ${text.slice(0, 300)}`); }
    if (!res.ok || json?.value?.error) {
      throw new Error(`WebDriver ${method} ${path}: ${res.status} ${json?.value?.error}: ${json?.value?.message}`);
    }
    return json.value;
  }
}

/** Xvfb on a display number it picks itself (-displayfd), so parallel runs never race for one. */
async function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let log = '';
  xvfb.stderr.on('data', (d) => { log = (log + d).slice(-4000); });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 15 s: ${log}`)), 15_000);
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) { clearTimeout(timer); resolve(`:${out.trim()}`); }
    });
    xvfb.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code}): ${log}`)); });
  });
  return { display, process: xvfb };
}

/** WebKitGTK (MiniBrowser) through WebKitWebDriver, in an Xvfb of its own, fresh HOME and XDG directories. */
export async function launchWebKit({ width = 480, height = 800 } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'cuecast-webkit-'));
  const driverPath = process.env.WEBKIT_WEBDRIVER || onPath('WebKitWebDriver');
  const binary = findMiniBrowser();
  const xvfb = await startXvfb();
  let driver = null;
  const wd = { session: null };
  const cleanup = async () => {
    const pids = driver?.pid ? processTree(driver.pid) : [];
    if (wd.session?.id) await wd.session.cmd('DELETE', '', undefined, 10_000).catch(() => {});
    if (driver?.pid) await killTree(driver.pid, [...new Set([...pids, ...processTree(driver.pid)])]);
    await killTree(xvfb.process.pid);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    let log = '';
    driver = spawn(driverPath, [`--port=${port}`, '--host=local'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, DISPLAY: xvfb.display, GDK_BACKEND: 'x11', HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'),
        XDG_RUNTIME_DIR: home, NO_AT_BRIDGE: '1', LIBGL_ALWAYS_SOFTWARE: '1',
      },
    });
    driver.stdout.on('data', (d) => { log = (log + d).slice(-8000); });
    driver.stderr.on('data', (d) => { log = (log + d).slice(-8000); });
    const session = new WebDriver(`http://127.0.0.1:${port}`);
    for (let i = 0; ; i++) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${log}`);
      try { if ((await session.cmd('GET', '/status', undefined, 2000)).ready) break; } catch { /* not listening yet */ }
      if (i > 150) throw new Error(`WebKitWebDriver not ready within 15 s: ${log}`);
      await sleep(100);
    }
    const created = await session.cmd('POST', '/session', { capabilities: { alwaysMatch: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary, args: ['--automation'] },
      pageLoadStrategy: 'normal',
    } } }, 90_000);
    session.id = created.sessionId;
    wd.session = session;
    await session.cmd('POST', '/window/rect', { x: 0, y: 0, width, height });
    await session.cmd('POST', '/timeouts', { script: 30_000, pageLoad: 60_000, implicit: 0 });
    const src = (fn) => `return (${fn}).apply(null, arguments);`;
    const browserRoot = () => processTree(driver.pid).filter((p) => p !== driver.pid);
    return {
      engine: 'webkit',
      version: `WebKitGTK ${created.capabilities.browserVersion} (${binary})`,
      errors: [],
      webdriver: session,
      xvfbPid: xvfb.process.pid,
      driverLog: () => log,
      async goto(url) { await session.cmd('POST', '/url', { url }); },
      evaluate: (fn, ...args) => session.cmd('POST', '/execute/sync', { script: src(fn), args }),
      evaluateAsync: (fn, ...args) => session.cmd('POST', '/execute/async', {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve((${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1))).then(done, (e) => done({ __error: String(e) }));`,
        args,
      }).then((v) => { if (v && v.__error) throw new Error(v.__error); return v; }),
      async click(selector) {
        const el = await session.cmd('POST', '/element', { using: 'css selector', value: selector });
        await session.cmd('POST', `/element/${Object.values(el)[0]}/click`, {});
      },
      async screenshot(path) {
        const buf = Buffer.from(await session.cmd('GET', '/screenshot'), 'base64');
        if (path) writeFileSync(path, buf);
        return buf;
      },
      // Real as far as the window system goes: minimizing (iconifying) MiniBrowser's window unmaps its view, and WebKit
      // then reports the page hidden (visibilitychange) and throttles it as a background page; restoring the window's
      // rect maps it again. (A second window does not hide the first: MiniBrowser opens new tabs as windows.)
      async hide() { await session.cmd('POST', '/window/minimize', {}); },
      async show() { await session.cmd('POST', '/window/rect', { x: 0, y: 0, width, height }); },
      async back() { await session.cmd('POST', '/back', {}); },
      async forward() { await session.cmd('POST', '/forward', {}); },
      pids: browserRoot,
      // WebKit's web content processes run the pages; their main thread (tid = pid) runs the app's JS.
      contentMainThreads: () => browserRoot().filter((p) => readStat(p)?.comm.startsWith('WebKitWebProces')),
      close: cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outside observers: a loopback proxy in front of the stack that stamps every request the page makes (the test sees
// re-syncs and polls from the network's side, in every engine alike), and the screen colour as the page renders it.

/**
 * An HTTP proxy on 127.0.0.1 in front of `target` that records each request's path and arrival time (Date.now(), the
 * OS clock the server stamps with). The page is loaded through it, so /time, the pointer and the app files all pass.
 * @returns {Promise<{ url: string, seen: { path: string, at: number }[], count: (re: RegExp, from?: number, to?: number) => number, close: () => Promise<void> }>}
 */
export async function countingProxy(target) {
  const http = await import('node:http');
  const t = new URL(target);
  const seen = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    if (seen.length < 200_000) seen.push({ path: req.url.split('?')[0], at: Date.now() });
    const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host }, agent }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.setTimeout(30_000, () => up.destroy(new Error('upstream timeout')));
    up.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    count: (re, from = -Infinity, to = Infinity) => seen.filter((s) => re.test(s.path) && s.at >= from && s.at <= to).length,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      agent.destroy();
    },
  };
}

/**
 * Installed in a loaded page (WebKitWebDriver has no script-before-load; the same for Firefox, so both are measured
 * alike): a MutationObserver the app does not know of watches the screen element's computed colour and stamps each
 * change with the animation frame it went out in (document.timeline.currentTime, as tests/browser/pwa-harness.js
 * does in Chromium), or when it was made if that was more than a frame after the frame began; on the page's clock
 * (performance.timeOrigin + now). Also keeps the app's own render events (the offset it used) and pageshow events.
 */
export function installObserver() {
  if (window.__observed) return 'already';
  const toHex = (rgb) => {
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
    return m ? `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('').toUpperCase()}` : rgb;
  };
  const origin = performance.timeOrigin;
  window.__observed = [];
  window.__renders = [];
  window.__pageshows = [];
  const screen = document.getElementById('screen');
  let last = null;
  const look = () => {
    const color = toHex(getComputedStyle(screen).backgroundColor);
    if (color === last) return;
    last = color;
    const frame = document.timeline ? document.timeline.currentTime : null;
    const made = performance.now();
    const at = frame != null && made - frame <= 1000 / 60 ? frame : made;
    if (window.__observed.length < 20_000) window.__observed.push({ color, at: origin + at, made: origin + made, frame: frame != null ? origin + frame : null });
  };
  new MutationObserver(look).observe(screen, { attributes: true, attributeFilter: ['style', 'class'] });
  look();
  addEventListener('cuecast:render', (e) => {
    if (window.__renders.length < 20_000) window.__renders.push({ color: e.detail.color, target: e.detail.target, offset: e.detail.offset ?? null, at: origin + performance.now() });
  });
  addEventListener('pageshow', (e) => window.__pageshows.push({ persisted: e.persisted, at: Date.now() }));
  return 'installed';
}

/** The page's clock (performance.timeOrigin + now) minus the OS wall clock (Date.now), median of many reads: both
 * engines coarsen their clocks (WebKit to 1 ms), so a median, not a tick edge as in Chromium. */
export function pageClockBias() {
  const xs = [];
  const end = performance.now() + 200;
  while (xs.length < 5000 && performance.now() < end) xs.push(performance.timeOrigin + performance.now() - Date.now());
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}

export const screenColorInPage = () => {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(document.getElementById('screen')).backgroundColor);
  return m ? `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('').toUpperCase()}` : null;
};

/**
 * Samples the screen's computed colour from outside (one driver round trip each), stamped on this process's clock
 * before the request and after the answer: the colour changed in (last old sample's start, first new sample's end].
 * Bounded in time and count.
 * @returns {Promise<{ samples: { s: number, r: number, color: string }[], after: number | null, by: number | null }>}
 */
export async function bracketSwitch(page, color, { from, until, maxSamples = 2000, paceMs = 4, shot = false }) {
  const samples = [];
  while (Date.now() < from) await sleep(Math.min(50, from - Date.now()));
  while (Date.now() < until && samples.length < maxSamples) {
    // at most one sample every paceMs: a quick driver must not use its samples up before the switch
    const since = samples.length ? Date.now() - samples.at(-1).s : paceMs;
    if (since < paceMs) await sleep(paceMs - since);
    const s = Date.now();
    let c;
    if (shot) {
      const png = decodePng(await page.screenshot());
      c = hexOf(png.pixel(png.width >> 1, Math.floor(png.height * 0.75)));
    } else {
      c = await page.evaluate(screenColorInPage);
    }
    samples.push({ s, r: Date.now(), color: c });
    if (c === color && samples.filter((x) => x.color === color).length >= 3) break;
  }
  const first = samples.findIndex((x) => x.color === color);
  return {
    samples,
    after: first > 0 ? samples[first - 1].s : null, // the switch came after this (an earlier sample still had the old colour)
    by: first >= 0 ? samples[first].r : null,        // ... and no later than this
  };
}
