/**
 * resolveSettings: field-by-field precedence (explicit > Pulumi config > environment), every environment variable
 * name and its order, default hosts, the endpoints map, the http-only-on-loopback rule, and errors that list every
 * source without ever echoing a credential. Config and environment are always passed explicitly.
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../../provider/errors";
import { pulumiConfigLookup } from "../../provider/core/connect";
import { SETTING_SOURCES, resolveSettings, type ResolvedSettings, type SettingsArgs } from "../../provider/settings";
import { HOST_KEYS } from "../../provider/names";
import { withPulumiConfig } from "../helpers/pulumi";

type Env = Record<string, string | undefined>;
const config = (map: Record<string, string>) => (key: string) => map[key];

/** The least a resolution needs. */
const BASE: SettingsArgs = { region: "cn-north-4", accessKey: "BASEAK00000000000001", secretKey: "base-sk" };

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError, nothing was thrown");
}

// ------------------------------------------------------------------------------------------ the real Pulumi path

describe("Pulumi config through pulumiConfigLookup()", () => {
  // @pulumi/pulumi copies PULUMI_CONFIG into its store when the store is first created (runtime/state.js
  // LocalStore), and every later read goes to that store. Nothing in this file touches the store before this test,
  // so setting the variable here is read; afterwards the store is changed with setAllConfig and restored.
  const savedEnv = process.env["PULUMI_CONFIG"];
  afterAll(() => {
    if (savedEnv === undefined) delete process.env["PULUMI_CONFIG"];
    else process.env["PULUMI_CONFIG"] = savedEnv;
    // The store now holds what the test put in the variable: put back what the variable held before.
    pulumi.runtime.setAllConfig(savedEnv ? (JSON.parse(savedEnv) as Record<string, string>) : {});
  });

  it("reads huaweicloud:* keys from the PULUMI_CONFIG environment variable set before first use", () => {
    process.env["PULUMI_CONFIG"] = JSON.stringify({
      "huaweicloud:region": "ap-southeast-3",
      "huaweicloud:accessKey": "PULUMIENVAK000000001",
      "huaweicloud:secretKey": "pulumi-env-sk",
      "huaweicloud:maxRetries": "2",
      "other:region": "cn-east-3",
    });
    const lookup = pulumiConfigLookup();
    expect(lookup("region")).toBe("ap-southeast-3");
    const s = resolveSettings({}, { config: lookup, env: {} });
    expect(s.region).toBe("ap-southeast-3");
    expect(s.credentials).toEqual({ accessKey: "PULUMIENVAK000000001", secretKey: "pulumi-env-sk", securityToken: undefined });
    expect(s.maxRetries).toBe(2);
    expect(s.endpoints.kms).toBe("https://kms.ap-southeast-3.myhuaweicloud.com");
  });

  it("reads config installed with pulumi.runtime.setAllConfig, and explicit args still win over it", async () => {
    await withPulumiConfig(
      {
        "huaweicloud:region": "eu-west-101",
        "huaweicloud:accessKey": "PULUMICFGAK000000001",
        "huaweicloud:secretKey": "pulumi-cfg-sk",
        "huaweicloud:projectId": "pulumiproject01",
        "huaweicloud:endpoints": JSON.stringify({ dcs: "https://dcs.internal.example" }),
      },
      () => {
        const viaConfig = resolveSettings({}, { config: pulumiConfigLookup(), env: { HW_REGION_NAME: "cn-north-1" } });
        expect(viaConfig.region).toBe("eu-west-101");
        expect(viaConfig.projectId).toBe("pulumiproject01");
        expect(viaConfig.endpoints.dcs).toBe("https://dcs.internal.example");
        expect(viaConfig.endpoints.kms).toBe("https://kms.eu-west-101.myhuaweicloud.eu");
        const explicit = resolveSettings({ region: "cn-south-1" }, { config: pulumiConfigLookup(), env: {} });
        expect(explicit.region).toBe("cn-south-1");
        expect(explicit.credentials.accessKey).toBe("PULUMICFGAK000000001");
      },
    );
  });
});

// ------------------------------------------------------------------------------------------------- precedence

interface FieldCase {
  field: keyof typeof SETTING_SOURCES;
  arg: SettingsArgs;
  configValue: string;
  envValue: string;
  /** What the resolved settings say about the field. */
  read: (s: ResolvedSettings) => unknown;
  expected: { arg: unknown; config: unknown; env: unknown };
}

const FIELDS: FieldCase[] = [
  {
    field: "region",
    arg: { region: "cn-north-4" },
    configValue: "ap-southeast-1",
    envValue: "la-south-2",
    read: (s) => s.region,
    expected: { arg: "cn-north-4", config: "ap-southeast-1", env: "la-south-2" },
  },
  {
    field: "projectId",
    arg: { projectId: "argproject" },
    configValue: "configproject",
    envValue: "envproject",
    read: (s) => s.projectId,
    expected: { arg: "argproject", config: "configproject", env: "envproject" },
  },
  {
    field: "accessKey",
    arg: { accessKey: "ARGAK000000000000001" },
    configValue: "CFGAK000000000000001",
    envValue: "ENVAK000000000000001",
    read: (s) => s.credentials.accessKey,
    expected: { arg: "ARGAK000000000000001", config: "CFGAK000000000000001", env: "ENVAK000000000000001" },
  },
  {
    field: "secretKey",
    arg: { secretKey: "arg-sk" },
    configValue: "cfg-sk",
    envValue: "env-sk",
    read: (s) => s.credentials.secretKey,
    expected: { arg: "arg-sk", config: "cfg-sk", env: "env-sk" },
  },
  {
    field: "securityToken",
    arg: { securityToken: "arg-token" },
    configValue: "cfg-token",
    envValue: "env-token",
    read: (s) => s.credentials.securityToken,
    expected: { arg: "arg-token", config: "cfg-token", env: "env-token" },
  },
  {
    field: "cloud",
    arg: { cloud: "arg.example.com" },
    configValue: "cfg.example.com",
    envValue: "env.example.com",
    read: (s) => s.endpoints.kms,
    expected: {
      arg: "https://kms.cn-north-4.arg.example.com",
      config: "https://kms.cn-north-4.cfg.example.com",
      env: "https://kms.cn-north-4.env.example.com",
    },
  },
  {
    field: "maxRetries",
    arg: { maxRetries: 2 },
    configValue: "5",
    envValue: "7",
    read: (s) => s.maxRetries,
    expected: { arg: 2, config: 5, env: 7 },
  },
];

describe("precedence: explicit > config > environment, field by field", () => {
  it.each(FIELDS)("$field", (c) => {
    const src = SETTING_SOURCES[c.field];
    const env: Env = { [src.env[0] as string]: c.envValue };
    const cfg = config({ [src.config]: c.configValue });
    // Everything else comes from BASE (explicit), so only the field under test varies.
    const without = { ...BASE } as Record<string, unknown>;
    delete without[c.field];

    expect(c.read(resolveSettings({ ...without, ...c.arg }, { config: cfg, env }))).toEqual(c.expected.arg);
    expect(c.read(resolveSettings(without, { config: cfg, env }))).toEqual(c.expected.config);
    expect(c.read(resolveSettings(without, { config: config({}), env }))).toEqual(c.expected.env);
  });

  it("treats empty strings as absent at every level", () => {
    const s = resolveSettings(
      { ...BASE, region: "" },
      { config: config({ region: "" }), env: { HW_REGION_NAME: "cn-east-3" } },
    );
    expect(s.region).toBe("cn-east-3");
  });

  it("resolves each field independently of where the others came from", () => {
    const s = resolveSettings(
      { accessKey: "ARGAK000000000000001" },
      { config: config({ secretKey: "cfg-sk" }), env: { HW_REGION_NAME: "cn-north-9", HW_ACCESS_KEY: "ENVAK" } },
    );
    expect(s.region).toBe("cn-north-9");
    expect(s.credentials).toEqual({ accessKey: "ARGAK000000000000001", secretKey: "cfg-sk", securityToken: undefined });
    expect(s.projectId).toBeUndefined();
    expect(s.maxRetries).toBe(4);
  });

  it("endpoint: endpoints.<key> arg > endpoint arg > huaweicloud:endpoints.<key> > HWC_TASKS_ENDPOINT", () => {
    const cfg = config({ endpoints: JSON.stringify({ kms: "https://cfg-kms.example", dcs: "https://cfg-dcs.example" }) });
    const env = { HWC_TASKS_ENDPOINT: "https://env.example" };
    const all = resolveSettings(
      { ...BASE, endpoints: { kms: "https://arg-kms.example" }, endpoint: "https://arg-all.example" },
      { config: cfg, env },
    );
    expect(all.endpoints).toEqual({
      kms: "https://arg-kms.example",
      dcs: "https://arg-all.example",
      dms: "https://arg-all.example",
      ecs: "https://arg-all.example",
      evs: "https://arg-all.example",
      ims: "https://arg-all.example",
      iam: "https://arg-all.example",
    });
    const noArgs = resolveSettings(BASE, { config: cfg, env });
    expect(noArgs.endpoints).toEqual({
      kms: "https://cfg-kms.example",
      dcs: "https://cfg-dcs.example",
      dms: "https://env.example",
      ecs: "https://env.example",
      evs: "https://env.example",
      ims: "https://env.example",
      iam: "https://env.example",
    });
    const envOnly = resolveSettings(BASE, { env });
    expect(envOnly.endpoints).toEqual({
      kms: "https://env.example",
      dcs: "https://env.example",
      dms: "https://env.example",
      ecs: "https://env.example",
      evs: "https://env.example",
      ims: "https://env.example",
      iam: "https://env.example",
    });
  });
});

// ------------------------------------------------------------------------------------------ environment names

describe("environment variable names and their order", () => {
  const lists: [string, readonly string[], (s: ResolvedSettings) => unknown][] = [
    ["region", ["HW_REGION_NAME"], (s) => s.region],
    ["projectId", ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"], (s) => s.projectId],
    ["accessKey", ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK"], (s) => s.credentials.accessKey],
    ["secretKey", ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK"], (s) => s.credentials.secretKey],
    ["securityToken", ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"], (s) => s.credentials.securityToken],
    ["cloud", ["HW_CLOUD"], (s) => s.endpoints.iam.replace(/^https:\/\/iam\.[^.]+\./, "")],
    ["maxRetries", ["HW_MAX_RETRIES"], (s) => String(s.maxRetries)],
    ["endpoint", ["HWC_TASKS_ENDPOINT"], (s) => s.endpoints.dms],
  ];

  it("SETTING_SOURCES documents exactly these names, in this order", () => {
    for (const [field, names] of lists) {
      expect(SETTING_SOURCES[field as keyof typeof SETTING_SOURCES].env).toEqual(names);
    }
  });

  /** A valid distinct value for variable `name` of `field`. */
  const valueFor = (field: string, i: number): string => {
    switch (field) {
      case "region":
        return `cn-north-${i + 1}`;
      case "cloud":
        return `cloud${i}.example.com`;
      case "maxRetries":
        return String(i + 1);
      case "endpoint":
        return `https://gateway${i}.example.com`;
      default:
        return `${field.toUpperCase()}VALUE${i}`;
    }
  };

  const cases = lists.flatMap(([field, names, read]) => names.map((name, i) => ({ field, name, i, names, read })));

  it.each(cases)("$name alone sets $field, and wins over every later name", ({ field, name, i, names, read }) => {
    const base: Record<string, string> = { HW_REGION_NAME: "cn-north-4", HW_ACCESS_KEY: "AK1", HW_SECRET_KEY: "SK1" };
    const without = { ...base };
    for (const n of names) delete without[n];
    const alone = resolveSettings({}, { env: { ...without, [name]: valueFor(field, i) } });
    expect(read(alone)).toBe(valueFor(field, i));
    // This name and every later one set: this one wins.
    const env: Record<string, string> = { ...without };
    names.forEach((n, j) => {
      if (j >= i) env[n] = valueFor(field, j);
    });
    expect(read(resolveSettings({}, { env }))).toBe(valueFor(field, i));
  });
});

// ------------------------------------------------------------------------------------------------- endpoints

describe("default hosts", () => {
  it("are https://{kms,dcs,dms,ecs,evs,ims,iam}.{region}.myhuaweicloud.com", () => {
    const s = resolveSettings(BASE, { env: {} });
    expect(s.endpoints).toEqual({
      kms: "https://kms.cn-north-4.myhuaweicloud.com",
      dcs: "https://dcs.cn-north-4.myhuaweicloud.com",
      dms: "https://dms.cn-north-4.myhuaweicloud.com",
      ecs: "https://ecs.cn-north-4.myhuaweicloud.com",
      evs: "https://evs.cn-north-4.myhuaweicloud.com",
      ims: "https://ims.cn-north-4.myhuaweicloud.com",
      iam: "https://iam.cn-north-4.myhuaweicloud.com",
    });
  });

  it("use the .eu cloud for eu-west-101", () => {
    const s = resolveSettings({ ...BASE, region: "eu-west-101" }, { env: {} });
    expect(s.endpoints).toEqual({
      kms: "https://kms.eu-west-101.myhuaweicloud.eu",
      dcs: "https://dcs.eu-west-101.myhuaweicloud.eu",
      dms: "https://dms.eu-west-101.myhuaweicloud.eu",
      ecs: "https://ecs.eu-west-101.myhuaweicloud.eu",
      evs: "https://evs.eu-west-101.myhuaweicloud.eu",
      ims: "https://ims.eu-west-101.myhuaweicloud.eu",
      iam: "https://iam.eu-west-101.myhuaweicloud.eu",
    });
  });

  it("keep .com for other eu regions and honour an explicit cloud", () => {
    expect(resolveSettings({ ...BASE, region: "eu-west-0" }, { env: {} }).endpoints.kms).toBe(
      "https://kms.eu-west-0.myhuaweicloud.com",
    );
    expect(resolveSettings({ ...BASE, region: "eu-west-101", cloud: "myhuaweicloud.com" }, { env: {} }).endpoints.kms).toBe(
      "https://kms.eu-west-101.myhuaweicloud.com",
    );
  });
});

describe("huaweicloud:endpoints", () => {
  it("maps endpoint keys to base URLs; trailing slashes dropped, path prefixes kept, other keys default", () => {
    const s = resolveSettings(BASE, {
      config: config({ endpoints: JSON.stringify({ kms: "https://kms.example.com/", dms: "https://gw.example.com/dms/" }) }),
      env: {},
    });
    expect(s.endpoints).toEqual({
      kms: "https://kms.example.com",
      dcs: "https://dcs.cn-north-4.myhuaweicloud.com",
      dms: "https://gw.example.com/dms",
      ecs: "https://ecs.cn-north-4.myhuaweicloud.com",
      evs: "https://evs.cn-north-4.myhuaweicloud.com",
      ims: "https://ims.cn-north-4.myhuaweicloud.com",
      iam: "https://iam.cn-north-4.myhuaweicloud.com",
    });
  });

  it.each([
    ["not JSON", "{kms: https://x}"],
    ["an array", '["https://kms.example.com"]'],
    ["non-string values", '{"kms": 443}'],
    ["a string", '"https://kms.example.com"'],
  ])("refuses %s with an InputError naming huaweicloud:endpoints", (_what, value) => {
    const e = thrown(() => resolveSettings(BASE, { config: config({ endpoints: value }), env: {} }));
    expect(e.field).toBe("huaweicloud:endpoints");
    expect(e.message).toMatch(/huaweicloud:endpoints: must be an object of endpoint key to base URL/);
  });

  it("validates each URL of the map by its key", () => {
    const e = thrown(() =>
      resolveSettings(BASE, { config: config({ endpoints: JSON.stringify({ dcs: "http://dcs.example.com" }) }), env: {} }),
    );
    expect(e.field).toBe("huaweicloud:endpoints.dcs");
    expect(e.message).toMatch(/must use https/);
  });

  it("accepts the bridged provider's other service keys in huaweicloud:endpoints, uses its own, checks only those", () => {
    const shared = { elb: "https://elb.internal.example", vpc: "https://vpc.internal.example", obs: "http://obs.internal.example", kms: "https://kms.internal.example" };
    const s = resolveSettings(BASE, { config: config({ endpoints: JSON.stringify(shared) }), env: {} });
    expect(s.endpoints).toEqual({
      kms: "https://kms.internal.example",
      dcs: "https://dcs.cn-north-4.myhuaweicloud.com",
      dms: "https://dms.cn-north-4.myhuaweicloud.com",
      ecs: "https://ecs.cn-north-4.myhuaweicloud.com",
      evs: "https://evs.cn-north-4.myhuaweicloud.com",
      ims: "https://ims.cn-north-4.myhuaweicloud.com",
      iam: "https://iam.cn-north-4.myhuaweicloud.com",
    });
    // Every key this package calls is still taken from the map, and checked.
    for (const key of HOST_KEYS) {
      const one = resolveSettings(BASE, { config: config({ endpoints: JSON.stringify({ ...shared, [key]: `https://${key}.x.example/` }) }), env: {} });
      expect(one.endpoints[key]).toBe(`https://${key}.x.example`);
      const bad = thrown(() => resolveSettings(BASE, { config: config({ endpoints: JSON.stringify({ ...shared, [key]: "http://x.example" }) }), env: {} }));
      expect(bad.field).toBe(`huaweicloud:endpoints.${key}`);
    }
  });

  it("refuses an unknown key in the endpoints argument", () => {
    const e = thrown(() => resolveSettings({ ...BASE, endpoints: { kps: "https://x.example" } as never }, { env: {} }));
    expect(e.field).toBe("endpoints.kps");
    expect(e.message).toMatch(/use one of kms, dcs, dms, ecs, evs, ims, iam/);
  });
});

describe("plain http only for loopback", () => {
  it.each([
    "http://127.0.0.1:8080",
    "http://127.1.2.3",
    "http://localhost:9000/prefix",
    "http://[::1]:9000",
    "https://gateway.example.com",
  ])("accepts %s", (url) => {
    const s = resolveSettings({ ...BASE, endpoint: url }, { env: {} });
    expect(s.endpoints.kms).toBe(url.replace(/\/$/, ""));
  });

  it.each([
    ["http://example.com", /must use https/],
    ["http://10.0.0.1:8080", /must use https/],
    ["http://127.0.0.1.nip.io", /must use https/],
    ["http://localhost.example.com", /must use https/],
    ["ftp://127.0.0.1", /must use https/],
    ["kms.example.com", /must be an absolute URL/],
    ["https://user:pw@kms.example.com", /must not carry a query, fragment or user info/],
    ["https://kms.example.com/?x=1", /must not carry a query, fragment or user info/],
  ])("refuses %s", (url, message) => {
    const fromArg = thrown(() => resolveSettings({ ...BASE, endpoint: url }, { env: {} }));
    expect(fromArg.field).toBe("endpoint");
    expect(fromArg.message).toMatch(message);
    const fromEnv = thrown(() => resolveSettings(BASE, { env: { HWC_TASKS_ENDPOINT: url } }));
    expect(fromEnv.field).toBe("HWC_TASKS_ENDPOINT");
  });
});

// ------------------------------------------------------------------------------------------------- errors

describe("errors", () => {
  it("missing region, access key and secret key: one InputError listing every place each could come from", () => {
    const e = thrown(() => resolveSettings({}, { config: config({}), env: {} }, "getKpsTask: settings"));
    expect(e.issues.map((i) => i.field)).toEqual(["region", "accessKey", "secretKey"]);
    expect(e.field).toBe("region");
    expect(e.message.startsWith("getKpsTask: settings: invalid input: ")).toBe(true);
    for (const name of ["region", "accessKey", "secretKey"] as const) {
      const issue = e.issues.find((i) => i.field === name);
      const src = SETTING_SOURCES[name];
      expect(issue?.message).toContain(`the ${name} argument`);
      expect(issue?.message).toContain(`huaweicloud:${src.config}`);
      for (const env of src.env) expect(issue?.message).toContain(env);
    }
  });

  it("reports every malformed field at once", () => {
    const e = thrown(() =>
      resolveSettings(
        { region: "moon", accessKey: "AK", secretKey: "SK", projectId: "../p", cloud: "not a domain", maxRetries: 11 },
        { env: {} },
      ),
    );
    expect(e.issues.map((i) => i.field).sort()).toEqual(["cloud", "maxRetries", "projectId", "region"]);
    expect(e.issues.find((i) => i.field === "region")?.message).toBe("(from region) must be a region name such as cn-north-4");
  });

  it.each([["-1"], ["11"], ["2.5"], ["many"]])("refuses maxRetries %s from the environment, naming the variable", (v) => {
    const e = thrown(() => resolveSettings(BASE, { env: { HW_MAX_RETRIES: v } }));
    expect(e.field).toBe("maxRetries");
    expect(e.message).toContain("(from HW_MAX_RETRIES) must be an integer from 0 to 10");
  });

  it("accepts maxRetries 0 and 10, defaults to 4", () => {
    expect(resolveSettings({ ...BASE, maxRetries: 0 }, { env: {} }).maxRetries).toBe(0);
    expect(resolveSettings(BASE, { env: { HW_MAX_RETRIES: "10" } }).maxRetries).toBe(10);
    expect(resolveSettings(BASE, { env: {} }).maxRetries).toBe(4);
  });

  describe("malformed credentials never appear in the message", () => {
    const canaries = {
      accessKey: "CANARYAK 1234567890",
      secretKey: "canarySK-XYZ 987qqq",
      securityToken: "canaryTOK\tQQQ-777",
    } as const;

    it.each(Object.keys(canaries) as (keyof typeof canaries)[])("%s, given explicitly, from config and from env", (field) => {
      const canary = canaries[field];
      const envName = SETTING_SOURCES[field].env[0] as string;
      const attempts: [string, () => unknown][] = [
        [field, () => resolveSettings({ ...BASE, [field]: canary }, { env: {} })],
        [
          `huaweicloud:${field}`,
          () => {
            const without = { ...BASE } as Record<string, unknown>;
            delete without[field];
            return resolveSettings(without, { config: config({ [field]: canary }), env: {} });
          },
        ],
        [
          envName,
          () => {
            const without = { ...BASE } as Record<string, unknown>;
            delete without[field];
            return resolveSettings(without, { env: { [envName]: canary } });
          },
        ],
      ];
      for (const [from, attempt] of attempts) {
        const e = thrown(attempt);
        expect(e.field).toBe(field);
        expect(e.message).toContain(`(from ${from}) must be printable ASCII without spaces (value not shown)`);
        for (const text of [e.message, String(e), JSON.stringify(e), e.stack ?? "", JSON.stringify(e.issues)]) {
          expect(text).not.toContain(canary);
          for (const part of canary.split(/\s+/)) if (part.length >= 4) expect(text).not.toContain(part);
        }
      }
    });
  });
});
