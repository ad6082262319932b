/**
 * The shape of the declarative service table: one {@link EndpointDef} per API call, one {@link ServiceDef} per
 * service. The HTTP client, the data-source functions, the waiters and the emulator all read these entries; none
 * of them hard-codes a path, a query parameter or a status value.
 * @module
 */
import type { z } from "zod";
import type { HostKey, ServiceName } from "../names";

export type { HostKey, ServiceName };
export { HOST_KEYS } from "../names";

/** How a service writes its error bodies. */
export type ErrorStyle =
  /** `{ "error_code", "error_msg" }` (KPS, DMS, IAM, the gateway). */
  | "flat"
  /** `{ "error_msg", "error_code", "error_ext_msg" }` (DCS). */
  | "flat-ext"
  /** `{ "error": { "error_code", "error_msg" } }` (some KMS/CSMS answers). */
  | "nested"
  /** `{ "error": { "code", "message" } }` (ECS, EVS and IMS). */
  | "nested-code"
  /** `{ "code", "message" }` (a failed ECS job query). */
  | "flat-code";

/** One service on the wire: its host, error style and error codes. (What its statuses mean is its task module's.) */
export interface ServiceDef {
  readonly name: ServiceName;
  /** Human name for messages. */
  readonly title: string;
  readonly host: HostKey;
  readonly errorStyle: ErrorStyle;
  /** Error codes the service uses for the common cases (the emulator answers with these). */
  readonly codes: {
    readonly badParameter: string;
    readonly notFound: string;
    readonly forbidden: string;
    readonly internal: string;
  };
}

/** What every paging style has: the page size parameter and limits, and how to read a page. */
export interface PagingBase<R> {
  readonly limitParam: string;
  readonly defaultLimit: number;
  readonly maxLimit: number;
  readonly items: (page: R) => readonly unknown[];
  readonly total: (page: R) => number | undefined;
}

/** Offset-style paging (`offset` or `start` plus `limit`). */
export interface OffsetPaging<R> extends PagingBase<R> {
  readonly style: "offset";
  readonly offsetParam: string;
}

/** Marker-style paging (CSMS: `marker` is the last id of the previous page). */
export interface MarkerPaging<R> extends PagingBase<R> {
  readonly style: "marker";
  readonly markerParam: string;
  readonly nextMarker: (page: R) => string | undefined;
}

/** Paging description of a list endpoint. */
export type Paging<R> = OffsetPaging<R> | MarkerPaging<R>;

/**
 * One API call. `path` is a template whose `{project_id}` is filled from settings and whose other `{name}`s come
 * from `pathParams`. `query` validates what we send (and what the emulator receives); `response` reads what the
 * cloud answers (loosely) and is the schema the emulator checks its own answers against.
 */
export interface EndpointDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly service: ServiceName;
  /** The operation's name in Huawei's SDKs, e.g. `ListRunningTask`. */
  readonly operation: string;
  readonly method: "GET" | "POST" | "DELETE";
  readonly host: HostKey;
  readonly path: string;
  readonly pathParams: P;
  readonly query: Q;
  /** Request body schema (POST only). */
  readonly body?: B;
  readonly response: R;
  /** The HTTP status of success (200, or 202 for task starts). */
  readonly successStatus: number;
  /** The success answer has no body (a deletion); `response` then accepts `undefined`. */
  readonly emptyResponse?: boolean;
  readonly paging?: Paging<z.output<R>>;
  /**
   * Dotted paths of request-body fields that hold a caller's secret (KPS `server.auth.key`): the client masks their
   * values in every text it builds from the exchange.
   */
  readonly secretFields?: readonly string[];
  /** How this call writes its errors, when not as its service does (ECS's job query). */
  readonly errorStyle?: ErrorStyle;
  /** Link to the API reference page. */
  readonly docs: string;
}

/** Infers the parsed response type of an endpoint. */
export type ResponseOf<E> = E extends EndpointDef<z.ZodType, z.ZodObject, z.ZodType, infer R> ? z.output<R> : never;
/** Infers the query input type of an endpoint. */
export type QueryOf<E> = E extends EndpointDef<z.ZodType, infer Q> ? z.input<Q> : never;
/** Infers the path-parameter input type of an endpoint. */
export type PathOf<E> = E extends EndpointDef<infer P> ? z.input<P> : never;
/** Infers the body input type of an endpoint. */
export type BodyOf<E> = E extends EndpointDef<z.ZodType, z.ZodObject, infer B> ? z.input<B> : never;

/** Helper that keeps literal types when declaring an endpoint. */
export function endpoint<P extends z.ZodType, Q extends z.ZodObject, B extends z.ZodType, R extends z.ZodType>(
  def: EndpointDef<P, Q, B, R>,
): EndpointDef<P, Q, B, R> {
  return def;
}

/** Names of the `{placeholders}` in a path template, in order. */
export function pathPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? "");
}
