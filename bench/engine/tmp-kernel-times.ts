import * as tf from "@tensorflow/tfjs-core";
export const kernelMs = new Map<string, { calls: number; ms: number }>();
export function instrumentKernels(): void {
  for (const config of tf.getKernelsForBackend("wasm")) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel({ ...config, kernelFunc: (args) => {
      const t0 = performance.now();
      const out = inner(args);
      const x = (args.inputs as Record<string, tf.TensorInfo>).x ?? (args.inputs as Record<string, tf.TensorInfo>).a;
      const key = ["Sum", "Multiply", "Sub", "Add", "Identity", "Cast", "Transpose"].includes(config.kernelName) ? `${config.kernelName} ${x?.shape.join("x")} ${JSON.stringify(args.attrs ?? {}).slice(0, 40)}` : config.kernelName;
      const s = kernelMs.get(key) ?? { calls: 0, ms: 0 };
      s.calls++; s.ms += performance.now() - t0; kernelMs.set(key, s);
      return out;
    } });
  }
}
