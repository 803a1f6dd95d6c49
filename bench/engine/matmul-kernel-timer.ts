// Wall time per kernel name of the wasm backend, measured by wrapping the registered kernels.
// (tf.profile reads every output back to check it, which distorts the times of large tensors.)
import * as tf from "@tensorflow/tfjs-core";
import type { KernelConfig } from "@tensorflow/tfjs-core";

export class KernelTimer {
  readonly totals = new Map<string, { calls: number; ms: number }>();
  private readonly wrapped: KernelConfig[] = [];

  /** Wraps every kernel currently registered for the backend (call after registering native ones). */
  start(backendName: string): void {
    for (const config of tf.getKernelsForBackend(backendName)) {
      const inner = config.kernelFunc;
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel({
        ...config,
        kernelFunc: (args) => {
          const start = performance.now();
          const out = inner(args);
          const total = this.totals.get(config.kernelName) ?? { calls: 0, ms: 0 };
          total.calls++;
          total.ms += performance.now() - start;
          this.totals.set(config.kernelName, total);
          return out;
        },
      });
      this.wrapped.push(config);
    }
  }

  /** Restores the kernels as they were before start(). */
  stop(): void {
    for (const config of this.wrapped) {
      tf.unregisterKernel(config.kernelName, config.backendName);
      tf.registerKernel(config);
    }
    this.wrapped.length = 0;
  }

  /** The `count` most expensive kernels, per step when the totals cover `steps` steps. */
  top(count: number, steps: number): Array<{ kernel: string; callsPerStep: number; msPerStep: number }> {
    return [...this.totals]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, count)
      .map(([kernel, { calls, ms }]) => ({ kernel, callsPerStep: calls / steps, msPerStep: Number((ms / steps).toFixed(1)) }));
  }
}
