/**
 * What each resource adds to a stack's state: the serialized provider (`__provider`, stored with every resource)
 * and the resource's whole input object, as the SDK serializes them.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { CsmsSecretRotation, CsmsTaskWaiter, DcsJobWaiter, DcsTaskWaiter, KpsKeypairAssociation, KpsTaskWaiter, RocketMqTaskWaiter, TaskGate } from "../provider";
import { table } from "./stats";

/** Serializes one resource of each kind under mocks; returns the Markdown report. */
export async function stateBench(): Promise<string> {
  const seen = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        seen.set(a.type.replace(/^pulumi-nodejs:dynamic\/hwc-tasks:/, ""), a.inputs as Record<string, unknown>);
        return { id: a.name, state: a.inputs };
      },
      call: (a) => a.inputs,
    },
    "bench",
    "bench",
    false,
  );
  const resources: pulumi.Resource[] = [
    new KpsTaskWaiter("a", { taskId: "aee8d2fe-5484-4753-9177-5a38dc15546c" }),
    new KpsKeypairAssociation("b", { keypairName: "KeyPair-demo", serverId: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006" }),
    new CsmsTaskWaiter("c", { secretName: "db-password", after: "2024-06-09T16:00:00Z" }),
    new DcsTaskWaiter("d", { name: "EXTEND", after: "2024-06-09T16:00:00Z" }),
    new RocketMqTaskWaiter("e", { instanceId: "0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60", taskId: "ff80808272dcc90f0172df1e490f41b0" }),
    new TaskGate("f", { service: "rocketmq", instanceId: "0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60" }),
    new CsmsSecretRotation("g", { secretName: "db-password" }),
    new DcsJobWaiter("h", { jobId: "ff80808272dcc90f0172df1e490f41b0" }),
  ];
  await Promise.all(resources.map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))));
  const rows = [...seen.entries()].map(([type, inputs]) => [
    type,
    String(Buffer.byteLength(String(inputs["__provider"]))),
    String(Buffer.byteLength(JSON.stringify(inputs))),
  ]);
  return [`### State per resource (bytes, as the SDK serializes it)`, "", table(["resource", "__provider", "all inputs"], rows), ""].join("\n");
}
