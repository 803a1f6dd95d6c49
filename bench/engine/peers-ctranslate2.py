# Child of peers.ts: the same measurement in CTranslate2 (reads JSON on stdin, writes JSON on stdout).
# argv: model dir, threads, max decoding length, compute type
import json, sys, time
import ctranslate2

model_dir, threads, max_length, compute_type = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sources = [[str(t) for t in s] for s in json.load(sys.stdin)]
translator = ctranslate2.Translator(model_dir, device="cpu", intra_threads=threads, inter_threads=1, compute_type=compute_type)
runs = []
for beam in (1, 4):
    for batch in (1, 32):
        translator.translate_batch(sources[:batch], beam_size=beam, max_decoding_length=max_length)
        cpu, wall = time.process_time(), time.perf_counter()
        outputs = []
        for i in range(0, len(sources), batch):
            for r in translator.translate_batch(sources[i:i + batch], beam_size=beam, max_decoding_length=max_length, max_batch_size=batch):
                outputs.append([int(t) for t in r.hypotheses[0]])
        runs.append({"beam": beam, "batch": batch, "seconds": time.perf_counter() - wall, "cpuSeconds": time.process_time() - cpu, "outputs": outputs})
print(json.dumps(runs))
