/**
 * Reads every page of a list endpoint, driven by the endpoint's paging entry: offset/start paging (pages after the
 * first fetched a few at a time once the total is known) or CSMS marker paging (sequential by nature).
 * @module
 */
import type { z } from "zod";
import { HwcTasksError, InputError } from "../errors";
import type { EndpointDef, Paging } from "../endpoints/table";
import type { CallInput, CallOptions, TaskApiClient } from "./client";

/** How much to read. */
export interface ListOptions extends CallOptions {
  /** Stop after this many items. @default 10000 */
  maxItems?: number | undefined;
  /** Items per page, within the API's limits. @default the API's maximum (fewest calls) */
  pageSize?: number | undefined;
  /** Pages fetched at once after the first (offset paging only). @default 4 */
  concurrency?: number | undefined;
}

/** Every item read, and what the service said about the whole list. */
export interface ListResult<T> {
  items: T[];
  /** The total the service reported on the first page. */
  total: number | undefined;
  pages: number;
  /** More items existed than `maxItems` allowed. */
  truncated: boolean;
  /** `X-Request-Id` of every page. */
  requestIds: string[];
}

/** Default cap on items read by one list call. */
export const DEFAULT_MAX_ITEMS = 10_000;

function itemKey(item: unknown): string {
  const o = item as { task_id?: unknown; id?: unknown };
  return typeof o.task_id === "string" ? o.task_id : typeof o.id === "string" ? o.id : JSON.stringify(item);
}

/**
 * Lists every item of `ep` (which must have a paging entry) up to `maxItems`.
 * @throws InputError for a `pageSize` outside the API's limits; whatever {@link TaskApiClient.call} throws.
 */
export async function listAll<T, E extends EndpointDef = EndpointDef>(
  client: TaskApiClient,
  ep: E,
  input: CallInput,
  options: ListOptions = {},
): Promise<ListResult<T>> {
  const paging = ep.paging as Paging<z.output<E["response"]>> | undefined;
  if (!paging) throw new HwcTasksError(`pulumi-hwc-tasks: ${ep.operation} has no paging entry`);
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const limit = options.pageSize ?? paging.maxLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > paging.maxLimit)
    throw new InputError(`${ep.service} ${ep.operation}`, [
      { field: "pageSize", message: `must be an integer from 1 to ${paging.maxLimit}` },
    ]);
  if (!Number.isInteger(maxItems) || maxItems < 1)
    throw new InputError(`${ep.service} ${ep.operation}`, [{ field: "maxItems", message: "must be a positive integer" }]);

  const seen = new Set<string>();
  const result: ListResult<T> = { items: [], total: undefined, pages: 0, truncated: false, requestIds: [] };
  /** Adds a page; returns false when the page adds nothing new (end of list, or a server ignoring the offset). */
  const absorb = (page: z.output<E["response"]>, requestId: string | undefined): boolean => {
    result.pages += 1;
    if (requestId) result.requestIds.push(requestId);
    let added = 0;
    for (const item of paging.items(page)) {
      const key = itemKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
      if (result.items.length >= maxItems) {
        result.truncated = true;
        break;
      }
      result.items.push(item as T);
      added += 1;
    }
    return added > 0;
  };
  const fetch = (extra: Record<string, unknown>) =>
    client.call(ep, { ...input, query: { ...input.query, [paging.limitParam]: limit, ...extra } }, options);

  if (paging.style === "marker") {
    let marker: string | undefined;
    for (;;) {
      const page = await fetch(marker === undefined ? {} : { [paging.markerParam]: marker });
      if (result.total === undefined) result.total = paging.total(page.data);
      const items = paging.items(page.data);
      const grew = absorb(page.data, page.requestId);
      const last = items[items.length - 1];
      // An empty page (an empty list) has no last item to continue from.
      const next = paging.nextMarker(page.data) ?? (last === undefined ? undefined : itemKey(last));
      const seenAll = result.total !== undefined && seen.size >= result.total;
      if (!grew || items.length < limit || seenAll || next === marker || result.truncated) break;
      if (result.items.length >= maxItems) {
        result.truncated = true;
        break;
      }
      marker = next;
    }
    return result;
  }

  const first = await fetch({ [paging.offsetParam]: 0 });
  result.total = paging.total(first.data);
  const firstCount = paging.items(first.data).length;
  absorb(first.data, first.requestId);
  if (firstCount < limit || result.truncated) return finish(result, maxItems);
  const total = result.total;
  if (total === undefined) {
    // No total: walk sequentially until a short or repeated page.
    for (let offset = limit; result.items.length < maxItems; offset += limit) {
      const page = await fetch({ [paging.offsetParam]: offset });
      const count = paging.items(page.data).length;
      if (!absorb(page.data, page.requestId) || count < limit) break;
    }
    return finish(result, maxItems);
  }
  const end = Math.min(total, maxItems);
  const offsets: number[] = [];
  for (let offset = limit; offset < end; offset += limit) offsets.push(offset);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  for (let i = 0; i < offsets.length && result.items.length < maxItems; i += concurrency) {
    const batch = offsets.slice(i, i + concurrency);
    const pages = await Promise.all(batch.map((offset) => fetch({ [paging.offsetParam]: offset })));
    let stop = false;
    for (const page of pages) {
      const count = paging.items(page.data).length;
      if (!absorb(page.data, page.requestId) || count < limit) stop = true;
    }
    if (stop) break;
  }
  return finish(result, maxItems);
}

function finish<T>(result: ListResult<T>, maxItems: number): ListResult<T> {
  if (result.total !== undefined && result.total > result.items.length && result.items.length >= maxItems)
    result.truncated = true;
  return result;
}
