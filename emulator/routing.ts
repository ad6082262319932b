/**
 * The emulator's routes, made from the shared service table. Every service is served on one port. A path may start
 * with a host key (`/ecs/v1/...`, i.e. an endpoint `http://127.0.0.1:PORT/ecs`): it then reaches that host's routes
 * only, as on the real cloud. Without one, two services whose paths are the same on their own hosts (DCS's and
 * RocketMQ's `/v2/{project_id}/instances/{instance_id}/tasks`, the jobs of ECS, EVS and IMS) meet here: such a path
 * goes to the service that owns what it names (the instance, the job: see `OWNERS`), else to the first route of the
 * table that matches.
 * @module
 */
import { ENDPOINT_TABLE, SERVICES, pathPlaceholders, type EndpointDef, type OperationName } from "../provider/endpoints";
import { HOST_KEYS, type HostKey, type ServiceName } from "../provider/names";
import { ServiceError } from "./services/context";
import type { World } from "./world";

/** One route: an operation, its endpoint, and the regular expression of its path. */
export interface Route {
  operation: OperationName;
  ep: EndpointDef;
  regex: RegExp;
  names: string[];
}

/** A request matched to a route, with its decoded path parameters. */
export interface RouteMatch {
  operation: OperationName;
  ep: EndpointDef;
  params: Record<string, string>;
}

/** Whether a service owns what a request's path parameters name (an instance id ...). */
export type Owner = (world: World, params: Readonly<Record<string, string>>) => boolean;

/** Every route of the table, in its order. */
export function routesFromTable(): Route[] {
  return (Object.entries(ENDPOINT_TABLE) as [OperationName, EndpointDef][]).map(([operation, ep]) => {
    const names = pathPlaceholders(ep.path);
    const pattern = ep.path.replace(/[.]/g, "\\.").replace(/\{[a-z_]+\}/g, "([^/]+)");
    return { operation, ep, regex: new RegExp(`^${pattern}$`), names };
  });
}

/** A path's host prefix (`/ecs/v1/...` is `/v1/...` on the `ecs` host), when it starts with one. */
export function splitHost(path: string): { host: HostKey | undefined; path: string } {
  const m = /^\/([a-z]+)(\/.*)$/.exec(path);
  const key = m?.[1] ?? "";
  return m && (HOST_KEYS as readonly string[]).includes(key) ? { host: key as HostKey, path: m[2] ?? "/" } : { host: undefined, path };
}

/**
 * The route of a request: among the routes whose method and path match (on the path's host, when it names one),
 * the first whose service owns what the path names, else the first.
 * @throws ServiceError 400 for malformed percent-encoding in the path.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  rawPath: string,
  world: World,
  owners: Readonly<Partial<Record<ServiceName, Owner>>>,
): RouteMatch | undefined {
  const { host, path } = splitHost(rawPath);
  let first: RouteMatch | undefined;
  for (const r of routes) {
    if (r.ep.method !== method || (host !== undefined && r.ep.host !== host)) continue;
    const m = r.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      r.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? "");
      });
    } catch {
      throw new ServiceError(400, SERVICES[r.ep.service].codes.badParameter, "malformed percent-encoding in the path");
    }
    const match = { operation: r.operation, ep: r.ep, params };
    const owns = owners[r.ep.service];
    if (owns?.(world, params)) return match;
    first ??= match;
  }
  return first;
}
