import { describe, expect, it } from "vitest";
import { QueryBudgetResolver } from "../../src/dns/budget.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { OverlayResolver } from "../../src/dns/overlay.ts";
import type { DnsChange, OverlayConflictKind } from "../../src/dns/overlay-changes.ts";
import type { DnsAnswer, DnsStatus, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";

const zone = {
  version: 1,
  records: {
    "contoso.example": {
      TXT: ["v=spf1 include:old.example -all", "google-site-verification=x"],
      MX: [{ preference: 10, exchange: "mx.contoso.example" }],
      SOA: ["ns.contoso.example. host.contoso.example. 1 3600 600 86400 60"],
      $ttl: 600,
    },
    "mx.contoso.example": { A: ["192.0.2.25"] },
    "_dmarc.contoso.example": { TXT: ["v=DMARC1; p=none"] },
    "selector1._domainkey.contoso.example": { CNAME: "selector1-contoso._domainkey.tenant.example" },
    "selector1-contoso._domainkey.tenant.example": { TXT: ["v=DKIM1; p=OLD"] },
    "oldkey._domainkey.contoso.example": { TXT: ["v=DKIM1; p=STALE"] },
    "alias.contoso.example": { CNAME: "target.contoso.example" },
    "target.contoso.example": { A: ["192.0.2.80"] },
    "broken.contoso.example": { "*": { rcode: "SERVFAIL" } },
    "slow.contoso.example": { CNAME: { timeout: true } },
  },
};
const below = new FixtureResolver(zone);

const txt = (name: string, ...records: string[]): DnsChange<"TXT"> => ({
  name,
  type: "TXT",
  records: records.map((r) => [r]),
});
const cname = (name: string, ...targets: string[]): DnsChange<"CNAME"> => ({ name, type: "CNAME", records: targets });

type Row = [
  what: string,
  changes: DnsChange[],
  question: [string, RRType],
  expected: { status: DnsStatus; records?: unknown[]; cnameChain?: string[]; cause?: string },
];

const table: Row[] = [
  [
    "no change: the zone below answers",
    [],
    ["contoso.example", "MX"],
    { status: "ok", records: [{ preference: 10, exchange: "mx.contoso.example" }] },
  ],
  [
    "a published RRset replaces the whole RRset below",
    [txt("contoso.example", "v=spf1 -all")],
    ["contoso.example", "TXT"],
    { status: "ok", records: [["v=spf1 -all"]] },
  ],
  [
    "other types at a changed name still come from below",
    [txt("contoso.example", "v=spf1 -all")],
    ["contoso.example", "MX"],
    { status: "ok", records: [{ preference: 10, exchange: "mx.contoso.example" }] },
  ],
  [
    "records: [] removes the RRset: NODATA",
    [{ name: "_dmarc.contoso.example", type: "TXT", records: [] }],
    ["_dmarc.contoso.example", "TXT"],
    { status: "nodata" },
  ],
  [
    "a removal never makes a name vanish (its other types stay)",
    [{ name: "mx.contoso.example", type: "A", records: [] }],
    ["mx.contoso.example", "A"],
    { status: "nodata" },
  ],
  [
    "a removal at a name that does not exist leaves NXDOMAIN for other types",
    [{ name: "ghost.contoso.example", type: "TXT", records: [] }],
    ["ghost.contoso.example", "A"],
    { status: "nxdomain" },
  ],
  [
    "publishing at an NXDOMAIN name makes it exist",
    [txt("new.contoso.example", "hello")],
    ["new.contoso.example", "TXT"],
    { status: "ok", records: [["hello"]] },
  ],
  [
    "... its other types are NODATA",
    [txt("new.contoso.example", "hello")],
    ["new.contoso.example", "MX"],
    { status: "nodata" },
  ],
  [
    "... and its parents are empty non-terminals (RFC 8020)",
    [txt("a.b.new.contoso.example", "deep")],
    ["b.new.contoso.example", "TXT"],
    { status: "nodata" },
  ],
  [
    "... while a sibling stays NXDOMAIN",
    [txt("a.b.new.contoso.example", "deep")],
    ["c.new.contoso.example", "TXT"],
    { status: "nxdomain" },
  ],
  [
    "names compare case-insensitively, with or without the dot",
    [txt("NEW.Contoso.Example.", "hello")],
    ["new.contoso.example", "TXT"],
    { status: "ok", records: [["hello"]] },
  ],
  [
    "a published CNAME is followed into the zone below",
    [cname("s2._domainkey.contoso.example", "selector1-contoso._domainkey.tenant.example")],
    ["s2._domainkey.contoso.example", "TXT"],
    { status: "ok", records: [["v=DKIM1; p=OLD"]], cnameChain: ["selector1-contoso._domainkey.tenant.example"] },
  ],
  [
    "a published CNAME to nowhere is dangling (NXDOMAIN with the chain)",
    [cname("s2._domainkey.contoso.example", "gone.tenant.example")],
    ["s2._domainkey.contoso.example", "TXT"],
    { status: "nxdomain", cnameChain: ["gone.tenant.example"] },
  ],
  [
    "a CNAME question at a published CNAME answers the CNAME",
    [cname("s2._domainkey.contoso.example", "x.tenant.example")],
    ["s2._domainkey.contoso.example", "CNAME"],
    { status: "ok", records: ["x.tenant.example"] },
  ],
  [
    "a chain below is followed into data the overlay publishes",
    [txt("selector1-contoso._domainkey.tenant.example", "v=DKIM1; p=NEW")],
    ["selector1._domainkey.contoso.example", "TXT"],
    { status: "ok", records: [["v=DKIM1; p=NEW"]], cnameChain: ["selector1-contoso._domainkey.tenant.example"] },
  ],
  [
    "a chain through overlay and below: overlay CNAME → below CNAME → overlay data",
    [
      cname("s3._domainkey.contoso.example", "alias.contoso.example"),
      { name: "target.contoso.example", type: "A", records: ["198.51.100.1"] },
    ],
    ["s3._domainkey.contoso.example", "A"],
    { status: "ok", records: ["198.51.100.1"], cnameChain: ["alias.contoso.example", "target.contoso.example"] },
  ],
  [
    "replacing a CNAME below with another target",
    [cname("selector1._domainkey.contoso.example", "target.contoso.example")],
    ["selector1._domainkey.contoso.example", "A"],
    { status: "ok", records: ["192.0.2.80"], cnameChain: ["target.contoso.example"] },
  ],
  [
    "removing a CNAME below leaves the name without data",
    [{ name: "alias.contoso.example", type: "CNAME", records: [] }],
    ["alias.contoso.example", "A"],
    { status: "nodata" },
  ],
  [
    "removing a CNAME and publishing data there at once",
    [
      { name: "alias.contoso.example", type: "CNAME", records: [] },
      { name: "alias.contoso.example", type: "A", records: ["203.0.113.9"] },
    ],
    ["alias.contoso.example", "A"],
    { status: "ok", records: ["203.0.113.9"] },
  ],
  [
    "a null MX (RFC 7505) is published as given",
    [{ name: "contoso.example", type: "MX", records: [{ preference: 0, exchange: "" }] }],
    ["contoso.example", "MX"],
    { status: "ok", records: [{ preference: 0, exchange: "" }] },
  ],
  [
    "a TXT RRset split into character-strings keeps them (receivers join them)",
    [{ name: "contoso.example", type: "TXT", records: [["v=spf1 ", "-all"], ["other"]] }],
    ["contoso.example", "TXT"],
    { status: "ok", records: [["v=spf1 ", "-all"], ["other"]] },
  ],
  [
    "a removal of what the zone never had answers NODATA at a name that exists",
    [{ name: "contoso.example", type: "AAAA", records: [] }],
    ["contoso.example", "AAAA"],
    { status: "nodata" },
  ],
  [
    "a published key at a CNAME's target answers through the alias below",
    [txt("target.contoso.example", "v=DKIM1; p=X")],
    ["alias.contoso.example", "TXT"],
    { status: "ok", records: [["v=DKIM1; p=X"]], cnameChain: ["target.contoso.example"] },
  ],
  [
    "a CNAME loop through the overlay is SERVFAIL",
    [cname("loop1.contoso.example", "loop2.contoso.example"), cname("loop2.contoso.example", "loop1.contoso.example")],
    ["loop1.contoso.example", "TXT"],
    { status: "servfail" },
  ],
  [
    "a chain longer than 8 through the overlay is SERVFAIL",
    Array.from({ length: 10 }, (_, i) => cname(`c${i}.contoso.example`, `c${i + 1}.contoso.example`)),
    ["c0.contoso.example", "TXT"],
    { status: "servfail" },
  ],
  // Conflicts answer as errors with cause "conflict" (RFC 2181 §10.1).
  [
    "a CNAME beside other data in the changes",
    [cname("x.contoso.example", "target.contoso.example"), txt("x.contoso.example", "data")],
    ["x.contoso.example", "TXT"],
    { status: "error", cause: "conflict" },
  ],
  [
    "two CNAME records",
    [cname("x.contoso.example", "a.example", "b.example")],
    ["x.contoso.example", "A"],
    { status: "error", cause: "conflict" },
  ],
  [
    "a CNAME where the zone has data",
    [cname("oldkey._domainkey.contoso.example", "selector1-contoso._domainkey.tenant.example")],
    ["oldkey._domainkey.contoso.example", "TXT"],
    { status: "error", cause: "conflict" },
  ],
  [
    "... fine once that data is removed too",
    [
      cname("oldkey._domainkey.contoso.example", "selector1-contoso._domainkey.tenant.example"),
      { name: "oldkey._domainkey.contoso.example", type: "TXT", records: [] },
    ],
    ["oldkey._domainkey.contoso.example", "TXT"],
    { status: "ok", records: [["v=DKIM1; p=OLD"]] },
  ],
  [
    "a CNAME at the zone apex (SOA, MX there)",
    [cname("contoso.example", "elsewhere.example")],
    ["contoso.example", "A"],
    { status: "error", cause: "conflict" },
  ],
  [
    "data where the zone has a CNAME",
    [txt("alias.contoso.example", "x")],
    ["alias.contoso.example", "TXT"],
    { status: "error", cause: "conflict" },
  ],
  // The zone below could not be asked to check: unknown, never present or absent.
  [
    "a check the zone below cannot answer",
    [txt("slow.contoso.example", "x")],
    ["slow.contoso.example", "TXT"],
    { status: "timeout" },
  ],
  [
    "a failure below passes through",
    [txt("other.contoso.example", "x")],
    ["broken.contoso.example", "TXT"],
    { status: "servfail" },
  ],
  [
    "an invalid name is refused as such",
    [txt("a.contoso.example", "x")],
    [`${"a".repeat(64)}.contoso.example`, "TXT"],
    { status: "error", cause: "invalid-name" },
  ],
];

describe("OverlayResolver: answers as the zone would after the proposed changes", () => {
  it.each(table)("%s", async (_what, changes, [name, type], expected) => {
    const overlay = new OverlayResolver(below, changes);
    const answer = await overlay.resolve(name, type);
    expect(answer.status).toBe(expected.status);
    expect(answer.name).toBe(name.toLowerCase());
    if (expected.records !== undefined) expect(answer.records).toEqual(expected.records);
    if (expected.cnameChain !== undefined) expect(answer.cnameChain).toEqual(expected.cnameChain);
    expect(answer.cause).toBe(expected.cause);
  });

  it("gives published RRsets their TTL (default 300)", async () => {
    const overlay = new OverlayResolver(below, [
      { ...txt("a.contoso.example", "x"), ttl: 60 },
      txt("b.contoso.example", "y"),
    ]);
    expect((await overlay.resolve("a.contoso.example", "TXT")).ttl).toBe(60);
    expect((await overlay.resolve("b.contoso.example", "TXT")).ttl).toBe(300);
  });

  it("returns copies: changing an answer or the change list does not change the overlay", async () => {
    const changes = [txt("a.contoso.example", "x")];
    const overlay = new OverlayResolver(below, changes);
    (changes[0] as DnsChange<"TXT">).records.push(["later"]);
    const first = await overlay.resolve("a.contoso.example", "TXT");
    first.records.push(["mutated"]);
    expect((await overlay.resolve("a.contoso.example", "TXT")).records).toEqual([["x"]]);
    expect(overlay.changes).toEqual([txt("a.contoso.example", "x")]);
  });

  it("marks answers that involve proposed data as not authenticated", async () => {
    const signed = new FixtureResolver({
      version: 1,
      records: { "s.example": { TXT: ["x"], A: ["192.0.2.1"], $authenticated: true } },
    });
    const overlay = new OverlayResolver(signed, [txt("new.s.example", "y"), cname("c.s.example", "s.example")]);
    expect((await overlay.resolve("s.example", "A")).authenticated).toBe(true);
    expect((await overlay.resolve("new.s.example", "TXT")).authenticated).toBeUndefined();
    expect((await overlay.resolve("c.s.example", "A")).authenticated).toBe(false);
  });

  it("counts its extra questions below through the budget's account", async () => {
    const budget = new QueryBudgetResolver(
      new OverlayResolver(below, [cname("s2._domainkey.contoso.example", "alias.contoso.example")]),
      { maxQueries: 100 },
    );
    const answer = await budget.resolve("s2._domainkey.contoso.example", "A");
    expect(answer.status).toBe("ok");
    // The question itself, then the CNAME conflict probes and the question at the target.
    expect(budget.log.filter((e) => e.followUp).length).toBeGreaterThan(0);
    expect(budget.questions).toBe(budget.log.length);
  });

  it("never asks below for an unchanged question more than once", async () => {
    let asked = 0;
    const counting: Resolver = {
      resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
        asked++;
        return below.resolve(name, type, options);
      },
    };
    const overlay = new OverlayResolver(counting, [txt("elsewhere.example", "x")]);
    await overlay.resolve("contoso.example", "MX");
    expect(asked).toBe(1);
  });
});

describe("OverlayResolver.conflicts: what a plan must know before re-auditing", () => {
  const table: [what: string, changes: DnsChange[], kinds: OverlayConflictKind[], invalid: number[]][] = [
    [
      "a consistent set",
      [txt("contoso.example", "v=spf1 -all"), cname("s2._domainkey.contoso.example", "x.tenant.example")],
      [],
      [],
    ],
    ["a duplicate RRset", [txt("a.contoso.example", "1"), txt("A.contoso.example.", "2")], ["duplicate"], [0, 1]],
    ["two CNAMEs at one name", [cname("x.contoso.example", "a.example", "b.example")], ["multiple-cname"], [0]],
    [
      "a CNAME beside a TXT in the changes",
      [cname("x.contoso.example", "a.example"), txt("x.contoso.example", "t")],
      ["cname-and-other-data"],
      [0, 1],
    ],
    [
      "a CNAME where the zone has a TXT",
      [cname("oldkey._domainkey.contoso.example", "a.example")],
      ["cname-and-other-data"],
      [0],
    ],
    [
      "a CNAME where the zone has a TXT the changes remove",
      [
        cname("oldkey._domainkey.contoso.example", "a.example"),
        { name: "oldkey._domainkey.contoso.example", type: "TXT", records: [] },
      ],
      [],
      [],
    ],
    ["a CNAME that replaces a CNAME", [cname("selector1._domainkey.contoso.example", "a.example")], [], []],
    ["a TXT where the zone has a CNAME", [txt("alias.contoso.example", "t")], ["cname-and-other-data"], [0]],
    [
      "a TXT where the zone's CNAME is removed",
      [txt("alias.contoso.example", "t"), { name: "alias.contoso.example", type: "CNAME", records: [] }],
      [],
      [],
    ],
    [
      "SPF, DMARC and a null MX at one name: no conflict",
      [
        txt("contoso.example", "v=spf1 -all"),
        { name: "contoso.example", type: "MX", records: [{ preference: 0, exchange: "" }] },
        txt("_dmarc.contoso.example", "v=DMARC1; p=reject"),
      ],
      [],
      [],
    ],
    [
      "a CNAME at a name the zone has TXT, MX and SOA at (the apex): all named",
      [cname("contoso.example", "elsewhere.example")],
      ["cname-and-other-data"],
      [0],
    ],
    ["an owner name that cannot exist", [txt(`${"a".repeat(64)}.contoso.example`, "t")], ["invalid-name"], [0]],
    ["a CNAME target that cannot exist", [cname("x.contoso.example", "a..example")], ["invalid-name"], [0]],
    ["a check the zone cannot answer", [txt("slow.contoso.example", "t")], ["unverified"], [0]],
  ];
  it.each(table)("%s → %j", async (_what, changes, kinds, invalid) => {
    const conflicts = await OverlayResolver.conflicts(changes, below);
    expect(conflicts.map((c) => c.kind)).toEqual(kinds);
    expect([...new Set(conflicts.flatMap((c) => c.changes))].sort()).toEqual(invalid);
    for (const c of conflicts) {
      expect(c.message.length).toBeGreaterThan(10);
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    }
  });

  it("without a resolver below, checks only the changes among themselves", async () => {
    expect(await OverlayResolver.conflicts([cname("oldkey._domainkey.contoso.example", "a.example")])).toEqual([]);
    expect(
      (await OverlayResolver.conflicts([cname("x.example", "a.example"), txt("x.example", "t")])).map((c) => c.kind),
    ).toEqual(["cname-and-other-data"]);
  });

  it("validate() checks an overlay's own changes against its zone below", async () => {
    const overlay = new OverlayResolver(below, [txt("alias.contoso.example", "t")]);
    const [conflict] = await overlay.validate();
    expect(conflict).toMatchObject({ kind: "cname-and-other-data", name: "alias.contoso.example", where: "below" });
    expect(conflict?.message).toMatch(/RFC 2181 §10\.1/);
  });

  it("names every type the zone has beside a proposed CNAME", async () => {
    const [conflict] = await OverlayResolver.conflicts([cname("contoso.example", "elsewhere.example")], below);
    expect(conflict?.types).toEqual(["CNAME", "MX", "TXT", "SOA"]);
    expect(conflict?.message).toBe(
      "contoso.example gets a CNAME but the zone has MX, TXT, SOA there; remove them in the same change (RFC 2181 §10.1)",
    );
  });

  it("an unverified check carries the failed status and cause", async () => {
    const [conflict] = await OverlayResolver.conflicts([txt("slow.contoso.example", "t")], below);
    expect(conflict).toMatchObject({ kind: "unverified", status: "timeout" });
  });
});
