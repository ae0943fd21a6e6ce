// The files of deploy/: Kubernetes manifests validated against the API schemas
// (kubernetes-models), the Dockerfile linted (dockerfile-utils), and the
// settings they must agree on with the server checked against its defaults.
// The HAProxy configuration runs for real in tests/cluster.test.ts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validate as lintDockerfile } from "dockerfile-utils";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Service } from "kubernetes-models/v1/Service";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../bindings/service/limits.js";

const deploy = fileURLToPath(new URL("../deploy/", import.meta.url));
const manifest = (name: string) => parse(readFileSync(`${deploy}kubernetes/${name}`, "utf8")) as any; // a parsed manifest, checked by validate() below

describe("deploy/kubernetes", () => {
  const deployment = new Deployment(manifest("deployment.yaml"));
  const service = new Service(manifest("service.yaml"));
  const autoscaler = new HorizontalPodAutoscaler(manifest("hpa.yaml"));
  const budget = new PodDisruptionBudget(manifest("pdb.yaml"));

  it("are valid Kubernetes objects", () => {
    for (const object of [deployment, service, autoscaler, budget]) expect(() => object.validate()).not.toThrow();
    // The validator does catch a wrong type (it would also throw on a missing required field).
    const broken = new Deployment(manifest("deployment.yaml"));
    (broken.spec!.template.spec!.containers[0].ports![0] as { containerPort: unknown }).containerPort = "8080";
    expect(() => broken.validate()).toThrow(/containerPort must be integer/);
  });

  it("probe readiness on /readyz and liveness on /healthz, and give the drain time to finish", () => {
    const pod = deployment.spec!.template.spec!;
    const container = pod.containers[0];
    expect(container.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(container.livenessProbe?.httpGet?.path).toBe("/healthz");
    const args = container.args ?? [];
    const drainMs = Number(args[args.indexOf("--drain-timeout-ms") + 1] ?? DEFAULT_LIMITS.drainTimeoutMs);
    const preStopS = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    // SIGTERM comes after preStop; the grace period must cover both and the last answers.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStopS + drainMs / 1000 + 5);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.ports?.[0].containerPort).toBe(8080);
  });

  it("select the Deployment's pods from the Service, the autoscaler and the disruption budget", () => {
    const labels = deployment.spec!.template.metadata!.labels!;
    expect(deployment.spec!.selector.matchLabels).toEqual(labels);
    expect(service.spec!.selector).toEqual(labels);
    expect(budget.spec!.selector!.matchLabels).toEqual(labels);
    expect(autoscaler.spec!.scaleTargetRef).toMatchObject({ kind: "Deployment", name: deployment.metadata!.name });
    expect(autoscaler.spec!.minReplicas).toBeGreaterThanOrEqual(2);
  });
});

describe("deploy/Dockerfile", () => {
  const text = readFileSync(`${deploy}Dockerfile`, "utf8");
  const finalStage = text.slice(text.lastIndexOf("\nFROM "));

  it("lints clean", () => {
    expect(lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // The linter does report problems.
    expect(lintDockerfile("FROM node\nCMD a\nCMD b\nEXPOSE abc\n").length).toBeGreaterThanOrEqual(2);
  });

  it("runs as a non-root user with production dependencies only and a HEALTHCHECK", () => {
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/npm ci --omit=dev/);
    expect(finalStage).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(finalStage).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(finalStage).toMatch(/"serve", "--host", "0\.0\.0\.0", "--port", "8080"/);
  });
});
