// Await an ECS job started outside Pulumi, and continue only when it has succeeded.
//
// Stopping, starting, resizing or creating servers answers with a `job_id` at once; the work finishes later, or
// fails. Here a batch stop of a server was started by something else (`hcloud ECS BatchStopServers`, a pipeline
// step, a command resource) and its job id comes in as config. `EcsJobWaiter` finishes creating only when ECS says
// SUCCESS; a failed job fails the deployment with ECS's error_code and fail_reason, and those of each failed
// sub-job. Then the key pair is reset, which KPS allows only on a stopped server.
import * as pulumi from "@pulumi/pulumi";
import * as tasks from "pulumi-hwc-tasks";

const config = new pulumi.Config();
// The job id the stop call answered, e.g. `pulumi config set stopJobId $(hcloud ECS BatchStopServers ... | jq -r .job_id)`.
const stopJobId = config.require("stopJobId");
// Defaults are the emulator's demo server and key pair (`npm run demo`); set your own with `pulumi config set`.
const serverId = config.get("serverId") ?? "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006";
const keypairName = config.get("keypairName") ?? "KeyPair-rotated";

// Power actions usually take 15-35 s; Terraform gives them 3 minutes. Give a busy region some room.
const stopped = new tasks.EcsJobWaiter("server-stopped", { jobId: stopJobId, timeout: "10m" });

// The finished job as data: one sub-job per server of the batch.
const job = tasks.getEcsJobOutput({ jobId: stopped.jobId });

// Runs only once the server is stopped.
const reset = new tasks.KpsKeypairAssociation("reset-key", { keypairName, serverId }, { dependsOn: [stopped] });

export const stopStatus = stopped.status;
export const stoppedServers = stopped.serverIds;
export const stopSeconds = stopped.elapsedMs.apply((ms) => Math.round(ms / 1000));
export const polls = stopped.polls;
export const subJobs = job.apply((j) => j.subJobs.map((s) => `${s.jobType} ${s.serverId ?? "?"} ${s.status}`));
export const resetStatus = reset.status;
