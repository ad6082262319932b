/**
 * IAM as the emulator plays it: the account's one project, named after its region.
 * @module
 */
import type { Handlers } from "./context";

/** IAM's operations. */
export const iamHandlers: Pick<Handlers, "KeystoneListProjects"> = {
  KeystoneListProjects: (ctx, { query }) => {
    const projects = [{ id: ctx.projectId, name: ctx.region, domain_id: "d0main1d0000000000000000000000001", enabled: true }];
    return { body: { projects: projects.filter((p) => query.name === undefined || p.name === query.name), links: { self: "/v3/projects" } } };
  },
};
