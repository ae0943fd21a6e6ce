/**
 * The DNN profiles the generator and the CLI know by name. The same data as
 * profiles/*.json (a test keeps the two equal), written as TS objects so it
 * loads the same in Node after `tsc` and in a browser bundle, without JSON
 * import attributes. `source` says where each number comes from.
 */
import { ScenarioError } from "../core/errors.js";
import type { Dnn } from "../core/types.js";

/** A built-in DNN: a Dnn with its name, where its numbers come from (`source`) and whether they are measured or derived (`kind`). */
export type Profile = Dnn & {
  /** The name to ask for it by. */
  name: string;
  /** Where its numbers come from. */
  source: string;
  /** Measured or derived, and how many exits. */
  kind: string;
  /** At most this many tasks in one batch. */
  maxBatch: number;
};

/** The built-in DNN profiles by name (`edge-alloc profile list`); use getProfile for a copy to change. */
export const PROFILES: Record<string, Profile> = {
  "msdnet5-edge-like": {
    name: "msdnet5-edge-like",
    source:
      "Illustrative 5-exit profile. Per-block latency = whole-network ResNet-18 (224x224) latency on a Jetson AGX Xavier at batch 1/10/32/64/100 (20.2/41.2/76.2/147.4/248.5 ms, the values used by the public kaka-two/fair-batch project, env.py) times an assumed share per block (0.30, 0.22, 0.18, 0.16, 0.14). Exit accuracies approximate MSDNet's ImageNet anytime results (Huang et al., ICLR 2018); they are not measured here.",
    kind: "derived, 5 exits",
    maxBatch: 100,
    exits: [
      {
        accuracy: 0.566,
        latency: {
          points: [
            [1, 0.00606],
            [10, 0.01236],
            [32, 0.02286],
            [64, 0.04422],
            [100, 0.07455],
          ],
        },
      },
      {
        accuracy: 0.652,
        latency: {
          points: [
            [1, 0.004444],
            [10, 0.009064],
            [32, 0.016764],
            [64, 0.032428],
            [100, 0.05467],
          ],
        },
      },
      {
        accuracy: 0.69,
        latency: {
          points: [
            [1, 0.003636],
            [10, 0.007416],
            [32, 0.013716],
            [64, 0.026532],
            [100, 0.04473],
          ],
        },
      },
      {
        accuracy: 0.711,
        latency: {
          points: [
            [1, 0.003232],
            [10, 0.006592],
            [32, 0.012192],
            [64, 0.023584],
            [100, 0.03976],
          ],
        },
      },
      {
        accuracy: 0.724,
        latency: {
          points: [
            [1, 0.002828],
            [10, 0.005768],
            [32, 0.010668],
            [64, 0.020636],
            [100, 0.03479],
          ],
        },
      },
    ],
  },
  "resnet50-a100-trt-fp16": {
    name: "resnet50-a100-trt-fp16",
    source:
      "NVIDIA DeepLearningExamples, PyTorch/Classification/ConvNets/triton/resnet50/README.md, offline scenario, DGX A100 (1x A100 80GB), ONNX Runtime TensorRT FP16, average client latency (ms converted to s).",
    kind: "measured, single exit",
    maxBatch: 128,
    exits: [
      {
        accuracy: 0.77,
        latency: {
          points: [
            [1, 0.002128],
            [2, 0.002194],
            [4, 0.002759],
            [8, 0.003895],
            [16, 0.005793],
            [32, 0.011193],
            [64, 0.025244],
            [128, 0.048086],
          ],
        },
      },
    ],
  },
  "resnet50-t4-trt-fp16": {
    name: "resnet50-t4-trt-fp16",
    source:
      "NVIDIA DeepLearningExamples, PyTorch/Classification/ConvNets/triton/resnet50/README.md, offline scenario, NVIDIA T4, ONNX Runtime TensorRT FP16, average client latency (ms converted to s). Accuracy: ResNet-50 v1.5 ImageNet top-1 as reported by that repository (about 77%).",
    kind: "measured, single exit",
    maxBatch: 128,
    exits: [
      {
        accuracy: 0.77,
        latency: {
          points: [
            [1, 0.003003],
            [2, 0.003998],
            [4, 0.005747],
            [8, 0.008998],
            [16, 0.015113],
            [32, 0.028353],
            [64, 0.053187],
            [128, 0.100155],
          ],
        },
      },
    ],
  },
};

export const PROFILE_NAMES: readonly string[] = Object.keys(PROFILES);

/** A deep copy of the named profile, so callers may change it freely. */
export function getProfile(name: string): Profile {
  if (!Object.hasOwn(PROFILES, name)) {
    throw new ScenarioError([{ path: "profile", message: `unknown DNN profile ${JSON.stringify(name)} (known: ${PROFILE_NAMES.join(", ")})` }]);
  }
  return structuredClone(PROFILES[name]);
}
