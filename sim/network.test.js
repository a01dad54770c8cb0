// The pieces of the network that fights back (sim/network.js), each against what it claims: memory, bursts,
// shared-connection stalls, load feedback, and that the memory rows keep the independent model's means.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng, createPath, wifiBursts, NETWORK_DEFAULTS } from './model.js';
import { ar1, gilbertElliott, geFor, createMedium, createPipe, createNetwork, MODELS } from './network.js';

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
function autocorrelation(xs, lag) {
  const m = mean(xs);
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - m) ** 2;
    if (i + lag < xs.length) num += (xs[i] - m) * (xs[i + lag] - m);
  }
  return num / den;
}

test('AR(1) latent: N(0, 1) at every sample, autocorrelation exp(−Δt/τ); τ = 0 has none', () => {
  const z = ar1(rng(1), 1000);
  const xs = Array.from({ length: 40_000 }, (_, i) => z.at(i * 100)); // every 100 ms
  assert.ok(Math.abs(mean(xs)) < 0.1, `mean ${mean(xs)}`);
  const variance = mean(xs.map((x) => x * x)) - mean(xs) ** 2;
  assert.ok(Math.abs(variance - 1) < 0.1, `variance ${variance}`);
  assert.ok(Math.abs(autocorrelation(xs, 1) - Math.exp(-0.1)) < 0.02, `lag 100 ms: ${autocorrelation(xs, 1)}`);
  assert.ok(Math.abs(autocorrelation(xs, 10) - Math.exp(-1)) < 0.05, `lag 1 s: ${autocorrelation(xs, 10)}`);
  assert.ok(Math.abs(autocorrelation(xs, 30) - Math.exp(-3)) < 0.05, `lag 3 s: ${autocorrelation(xs, 30)}`);
  const w = ar1(rng(2), 0);
  const ys = Array.from({ length: 20_000 }, (_, i) => w.at(i * 100));
  assert.ok(Math.abs(autocorrelation(ys, 1)) < 0.03, `no memory: ${autocorrelation(ys, 1)}`);
  assert.equal(z.at(40_000 * 100), z.at(40_000 * 100), 'two requests sent at the same instant share the same draw');
});

test('Gilbert–Elliott: the mean loss asked for, Bad states of the mean length asked for, losses in bursts', () => {
  const p = geFor(0.05, 300, 0.5);
  const ge = gilbertElliott(rng(3), () => p);
  const every = 20; // a packet every 20 ms for 2,000 s
  const lost = Array.from({ length: 100_000 }, (_, i) => ge.lost(i * every));
  const loss = mean(lost.map(Number));
  assert.ok(Math.abs(loss - 0.05) < 0.006, `mean loss ${loss}`);
  // Bad sojourns, seen at 1 ms resolution on a fresh chain
  const g2 = gilbertElliott(rng(4), () => p);
  const runs = [];
  let run = 0;
  for (let t = 0; t < 3_000_000; t++) {
    if (g2.bad(t)) run += 1;
    else if (run > 0) { runs.push(run); run = 0; }
  }
  assert.ok(Math.abs(mean(runs) - 300) < 30, `mean Bad state ${mean(runs)} ms over ${runs.length}`);
  // consecutive losses: a Bernoulli channel of the same mean has runs of 1 / (1 − 0.05) ≈ 1.05 packets
  const lossRuns = [];
  run = 0;
  for (const l of lost) {
    if (l) run += 1;
    else if (run > 0) { lossRuns.push(run); run = 0; }
  }
  assert.ok(mean(lossRuns) > 1.6, `mean run of consecutive losses ${mean(lossRuns)} (Bernoulli: 1.05)`);
});

test('Gilbert–Elliott follows its parameters in time: Bad states are more frequent while the burst lasts', () => {
  const calm = geFor(0.01, 300, 0.5), hot = geFor(0.075, 300, 0.5);
  const ge = gilbertElliott(rng(5), (t) => (Math.floor(t / 100_000) % 2 === 1 ? hot : calm));
  const at = (from) => mean(Array.from({ length: 20_000 }, (_, i) => Number(ge.lost(from + i * 5))));
  const quiet = at(0), burst = at(100_000), again = at(200_000);
  assert.ok(quiet < 0.025 && again < 0.025, `calm ${quiet}, ${again}`);
  assert.ok(burst > 0.05 && burst < 0.1, `burst ${burst}`);
});

test('one connection: a copy sent behind a stalled request waits for it (in order), a fresh connection would not', () => {
  const random = rng(6);
  let n = 0;
  const firstLost = () => ++n === 1; // the first packet is lost, every retransmission and later packet arrives
  const shared = createPipe({ baseMs: 50, jitter: () => 0, loss: { lost: firstLost }, inOrder: true,
    retransmit: { rtoMs: 300, maxTries: 6 }, random });
  const original = shared.send(0);
  const hedge = shared.send(100);
  assert.equal(original, 350, 'the original arrives after one retransmission timeout');
  assert.equal(hedge, 350, 'the hedge on the same connection gains nothing: it waits behind the original');
  assert.equal(shared.retransmits, 1);
  n = 0;
  const independent = createPipe({ baseMs: 50, jitter: () => 0, loss: { lost: firstLost }, random });
  assert.equal(independent.send(0), null, 'without a connection the request is simply lost...');
  assert.equal(independent.send(100), 150, '...and a copy draws fresh luck');
  // a message of several packets: only the lost packet is sent again
  let k = 0;
  const thirdLost = () => ++k === 3;
  const multi = createPipe({ baseMs: 50, jitter: () => 0, loss: { lost: thirdLost }, inOrder: true, retransmit: { rtoMs: 300, maxTries: 6 }, random });
  assert.equal(multi.send(0, 16), 350, 'a 16-packet message waits for its one lost packet, once');
  assert.equal(multi.retransmits, 1);
  // backoff doubles per try; a packet lost every time is given up after maxTries
  const dead = createPipe({ baseMs: 50, jitter: () => 0, loss: { lost: () => true }, inOrder: true, retransmit: { rtoMs: 200, maxTries: 3 }, random });
  assert.equal(dead.send(0), null);
  assert.equal(dead.retransmits, 2);
});

test('load feedback: the more our phones send through a medium, the longer its queue and, past capacity, the more it drops', () => {
  const medium = createMedium(rng(7), { serviceMs: 40, background: () => 0.5, tauMs: 500, sigma: 0 });
  assert.equal(medium.meanDelay(0), 40, 'ρ = 0.5: 40 ms × 0.5 / 0.5');
  // 45 phones × 3 requests a second × 2 packets × 0.6 ms: hedging inside a burst
  for (let t = 0; t < 5000; t += 1) medium.offer(t, (45 * 3 * 2 * 0.6) / 1000);
  const busy = medium.meanDelay(5000);
  assert.ok(Math.abs(medium.ours(5000) - 0.162) < 0.01, `our share ${medium.ours(5000)}`);
  assert.ok(busy > 75 && busy < 82, `ρ ≈ 0.66: 40 × 0.66 / 0.34 ≈ 78 ms, got ${busy}`);
  assert.equal(medium.drop(5000), 0);
  for (let t = 5000; t < 10_000; t += 1) medium.offer(t, 1.2); // 1.2 ms of airtime every ms: 20 % over capacity with the background
  assert.ok(medium.offered(10_000) > 1.5);
  assert.ok(medium.drop(10_000) > 0.3, `drop ${medium.drop(10_000)}`);
  assert.equal(Math.round(medium.meanDelay(10_000)), Math.round((40 * 0.98) / 0.02), 'queueing capped at ρ = 0.98');
  // and the load decays once the phones stop
  assert.ok(medium.ours(20_000) < 0.01);
});

test('load feedback end to end: a phone\'s requests take longer when the other phones on its access point hedge', () => {
  const bursts = { active: () => true, bursts: [] };
  const net = { ...NETWORK_DEFAULTS, ...MODELS.hard, wifiShare: 1 };
  const delayWith = (sendersPerMs) => {
    const network = createNetwork(net, bursts);
    const random = rng(8);
    const phones = Array.from({ length: 45 }, () => network.path(random, rng(9)));
    const took = [];
    for (let t = 0; t < 20_000; t += 10) {
      for (let k = 0; k < sendersPerMs; k++) phones[(t / 10 + k) % 45].sendUp(t, 300);
      const at = phones[0].sendUp(t + 5, 300);
      if (at !== null) took.push(at - (t + 5));
    }
    return mean(took);
  };
  const calm = delayWith(1), hedging = delayWith(3); // 100 vs 300 requests a second from the domain
  assert.ok(hedging > 1.5 * calm, `calm ${calm.toFixed(0)} ms, hedging ${hedging.toFixed(0)} ms`);
});

test('the memory rows keep the independent model\'s mean delay and loss (only consecutive requests are correlated)', () => {
  const bursts = wifiBursts(rng(10), 0, 600_000);
  const sample = (makePath) => {
    const delays = [];
    let lost = 0, sent = 0;
    for (let i = 0; i < 400; i++) {
      const p = makePath(i);
      for (let t = 0; t < 600_000; t += 3000) {
        sent += 1;
        const d = p(t);
        if (d === null) lost += 1; else delays.push(d);
      }
    }
    return { delay: mean(delays), loss: lost / sent };
  };
  const independent = sample((i) => {
    const path = createPath(rng(100 + i), bursts);
    return (t) => (path.lost(t) ? null : path.upDelay(t));
  });
  for (const key of ['memory-3s', 'gilbert']) {
    const network = createNetwork({ ...NETWORK_DEFAULTS, ...MODELS[key] }, bursts);
    const memory = sample((i) => {
      const path = network.path(rng(100 + i), rng(1000 + i));
      return (t) => { const at = path.sendUp(t, 200); return at === null ? null : at - t; };
    });
    assert.ok(Math.abs(memory.delay / independent.delay - 1) < 0.1, `${key}: mean delay ${memory.delay} vs ${independent.delay}`);
    assert.ok(Math.abs(memory.loss - independent.loss) < 0.006, `${key}: loss ${memory.loss} vs ${independent.loss}`);
  }
});
