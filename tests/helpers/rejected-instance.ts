/**
 * For the validator's tests on hostile and huge input: a valid one-exit
 * instance of one user to break, and the InstanceError a broken one gets.
 */
import { InstanceError } from "../../bindings/core/errors.js";
import { validateInstance } from "../../bindings/core/validate.js";

/** User k of the one-exit instance (any k gives a valid user). */
export const oneExitUser = (k: number) => ({ id: `u${k}`, dataBits: 2e5, powerW: 0.2, channelGain: 1e-10, minAccuracy: 0.5, deadlineS: 0.2 });

/** A fresh valid instance: one exit, one user (`u0`). */
export function oneExitInstance(): any {
  return {
    channel: { bandwidthHz: 1e7, noisePsdWPerHz: 4e-21 },
    dnn: {
      exits: [
        {
          accuracy: 0.7,
          latency: {
            points: [
              [1, 0.004],
              [8, 0.006],
            ],
          },
        },
      ],
    },
    users: [oneExitUser(0)],
  };
}

/** The InstanceError `input` gets; fails the test if it is accepted or fails otherwise. */
export function rejection(input: unknown): InstanceError {
  try {
    validateInstance(input);
  } catch (error) {
    if (error instanceof InstanceError) return error;
    throw error;
  }
  throw new Error("expected an InstanceError");
}
