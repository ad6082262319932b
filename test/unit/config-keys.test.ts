/**
 * Misspelt settings: `huaweicloud:*` config keys that neither this package nor the bridged pulumi-huaweicloud
 * provider knows are named once, with the closest known key; known keys (ours and the bridged provider's) and other
 * namespaces are left alone. The real path: a data-source call under a Pulumi config holding a misspelt key.
 */
import {
  BRIDGED_PROVIDER_CONFIG_KEYS,
  PACKAGE_CONFIG_KEYS,
  closestKnownKey,
  editDistance,
  unknownConfigKeys,
  warnUnknownConfigKeys,
} from "../../provider/config-keys";
import { SETTING_SOURCES } from "../../provider/settings";
import { getKpsRunningTasks } from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { withPulumiConfig } from "../helpers/pulumi";

describe("edit distance and the closest key", () => {
  it.each([
    ["", "", 0],
    ["region", "region", 0],
    ["regoin", "region", 2],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["abc", "", 3],
  ])("editDistance(%j, %j) = %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it.each([
    ["regoin", "region"],
    ["Region", "region"],
    ["acessKey", "accessKey"],
    ["access_key", "accessKey"],
    ["secret_key", "secretKey"],
    ["projectID", "projectId"],
    ["endpoint", "endpoints"],
    ["maxRetry", "maxRetries"],
    ["enterprise_project_id", "enterpriseProjectId"],
    ["sharedConfig", "sharedConfigFile"],
  ])("%s is closest to %s", (typed, known) => {
    expect(closestKnownKey(typed)).toBe(known);
  });
});

describe("which keys are unknown", () => {
  it("knows every key this package reads, and they are all keys of the bridged provider too", () => {
    const ours = Object.values(SETTING_SOURCES).map((s) => s.config).filter(Boolean);
    expect(PACKAGE_CONFIG_KEYS).toEqual([...ours, "endpoints"]);
    for (const key of PACKAGE_CONFIG_KEYS) expect(BRIDGED_PROVIDER_CONFIG_KEYS).toContain(key);
  });

  it("leaves the bridged provider's own keys and other namespaces alone", () => {
    const keys = [...BRIDGED_PROVIDER_CONFIG_KEYS.map((k) => `huaweicloud:${k}`), "aws:regoin", "myproject:serverId", "huaweicloudx:regoin"];
    expect(unknownConfigKeys(keys)).toEqual([]);
  });

  it("names each unknown huaweicloud key with the closest known one", () => {
    expect(unknownConfigKeys(["huaweicloud:regoin", "huaweicloud:region", "huaweicloud:access_key", "huaweicloud:endpoint"])).toEqual([
      { key: "huaweicloud:regoin", closest: "huaweicloud:region" },
      { key: "huaweicloud:access_key", closest: "huaweicloud:accessKey" },
      { key: "huaweicloud:endpoint", closest: "huaweicloud:endpoints" },
    ]);
  });
});

describe("warning once", () => {
  it("warns once per key, however often it is called, and again for a new key", () => {
    const lines: string[] = [];
    const seen = new Set<string>();
    let keys = ["huaweicloud:regoin", "huaweicloud:region"];
    for (let i = 0; i < 3; i += 1) warnUnknownConfigKeys(() => keys, (m) => lines.push(m), seen);
    expect(lines).toEqual([
      "config key huaweicloud:regoin is not a setting of pulumi-hwc-tasks nor of the huaweicloud provider, so it is ignored; did you mean huaweicloud:region?",
    ]);
    keys = [...keys, "huaweicloud:secretKye"];
    warnUnknownConfigKeys(() => keys, (m) => lines.push(m), seen);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("did you mean huaweicloud:secretKey?");
  });

  it("never throws when the config cannot be read", () => {
    const lines: string[] = [];
    expect(() =>
      warnUnknownConfigKeys(
        () => {
          throw new Error("PULUMI_CONFIG is not JSON");
        },
        (m) => lines.push(m),
        new Set(),
      ),
    ).not.toThrow();
    expect(lines).toEqual([]);
  });
});

describe("through a real call, under a Pulumi config", () => {
  const ctx = useEmulator({ seed: 23 });

  it("a data source warns (on the console, outside a Pulumi run) once about huaweicloud:regoin, and still works", async () => {
    const warnings: string[] = [];
    const spy = jest.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(" ")));
    try {
      const emu = ctx.emu;
      await withPulumiConfig({ "huaweicloud:regoin": "cn-north-4", "huaweicloud:endpoints": JSON.stringify({ ecs: "https://ecs.example.com" }) }, async () => {
        for (let i = 0; i < 3; i += 1) {
          const r = await getKpsRunningTasks({}, emu.settings());
          expect(r.total).toBeGreaterThanOrEqual(0);
        }
      });
    } finally {
      spy.mockRestore();
    }
    const mine = warnings.filter((w) => w.includes("huaweicloud:regoin"));
    expect(mine).toEqual([
      "warning: [runtime] config key huaweicloud:regoin is not a setting of pulumi-hwc-tasks nor of the huaweicloud provider, so it is ignored; did you mean huaweicloud:region?",
    ]);
  });
});
