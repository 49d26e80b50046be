import { AutoModelForCausalLM, Tensor, env } from '@huggingface/transformers';
env.allowRemoteModels = false;
env.localModelPath = '/tmp/tjs/models/';
const [name, idsCsv, n] = process.argv.slice(2);
const ids = idsCsv.split(',').map(BigInt);
const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32', device: 'cpu',
  session_options: { intraOpNumThreads: 2, interOpNumThreads: 1 } });
const input_ids = new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]);
const attention_mask = new Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, ids.length]);
const out = await model.generate({ input_ids, attention_mask, max_new_tokens: Number(n), do_sample: false });
console.log(JSON.stringify(Array.from(out.data).slice(ids.length).map(Number)));
