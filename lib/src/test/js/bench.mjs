import { AutoModelForCausalLM, Tensor, env } from '@huggingface/transformers';
env.allowRemoteModels = false;
env.localModelPath = '/tmp/tjs/models/';
const [name, rounds, batch, warmS] = process.argv.slice(2).map((x, i) => i ? Number(x) : x);
const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32', device: 'cpu',
  session_options: { intraOpNumThreads: 2, interOpNumThreads: 1 } });
// same prompt as GenerationBenchmark: 32 ids from a fixed generator (values differ, length equal)
let seed = 5n; const ids = [];
for (let i = 0; i < 32; i++) { seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); ids.push(seed >> 56n); }
const B = batch;
const flat = BigInt64Array.from(Array.from({ length: B }, () => ids).flat());
const input_ids = new Tensor('int64', flat, [B, 32]);
const attention_mask = new Tensor('int64', BigInt64Array.from(flat.map(() => 1n)), [B, 32]);
const run = async (n) => { const t0 = performance.now(); await model.generate({ input_ids, attention_mask, max_new_tokens: n, min_new_tokens: n, do_sample: false }); return (performance.now() - t0) / 1000; };
const until = performance.now() + warmS * 1000;
while (performance.now() < until) await run(16);
const tps = [];
for (let r = 0; r < rounds; r++) {
  const t1 = await run(1); const t64 = await run(64);
  const v = B * 63 / (t64 - t1); tps.push(v);
  console.log(`round ${r + 1}: TTFT ${(t1 * 1000).toFixed(1)} ms, decode ${v.toFixed(1)} tok/s (batch total)`);
}
tps.sort((a, b) => a - b);
console.log(`transformers.js median decode ${tps[Math.floor(tps.length / 2)].toFixed(1)} tok/s (min ${tps[0].toFixed(1)}, max ${tps[tps.length - 1].toFixed(1)})`);
