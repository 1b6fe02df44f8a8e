/**
 * A streaming reader of DMARC aggregate report XML (RFC 7489 Appendix C, RFC 9990 §3): bytes in,
 * one callback per `<record>`, the report header at the end. Built on saxes, a non-validating
 * SAX parser that never loads a DTD, never fetches anything and never expands an entity it was
 * not born with; a DOCTYPE is refused outright (RFC 9990 §7: no DTD is needed, so none is read).
 *
 * Lenient where real reporters differ (docs/reports-ingest.md, "What the reader tolerates"): namespaces and prefixes are
 * ignored, elements may come in any order, unknown elements are skipped, the `<feedback>` element
 * may be wrapped in another element, text between elements is reported and skipped, enumerations
 * are lower-cased. Memory is the header, one record and a bounded problem list.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { emptyHeaderDraft, finishHeader, type HeaderDraft } from "./aggregate-header.ts";
import { readLeaf } from "./aggregate-leaves.ts";
import type { ReportLimits } from "./limits.ts";
import { ProblemList } from "./problems.ts";
import type { AggregateRecord, AggregateStreamResult, RefusalError } from "./types.ts";
import { XmlTextDecoder } from "./xml-text.ts";

/** The RFC 9990 namespace (RFC 9990 §3: `urn:ietf:params:xml:ns:dmarc-2.0`). */
export const DMARC2_NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";
/** How deep a wrapper may hide `<feedback>` (ikea.com wraps it in `<xs:schema>`). */
const MAX_FEEDBACK_DEPTH = 3;

/** A record being read: fields arrive in any order and are checked when `</record>` closes. */
export interface RecordDraft {
  record: AggregateRecord;
  skip: string | null;
}

/** Feed bytes with `write`, then call `end` once; `onRecord` gets each record as it closes. */
export class AggregateReader {
  readonly #limits: ReportLimits;
  readonly #onRecord: (record: AggregateRecord) => void;
  readonly #parser: SaxesParser<{ xmlns: false }>;
  readonly #decoder = new XmlTextDecoder();
  readonly #stack: string[] = [];
  readonly #hasChildren: boolean[] = [];
  readonly problems = new ProblemList();
  readonly header: HeaderDraft = emptyHeaderDraft();
  #text = "";
  #feedbackAt = -1;
  #feedbackClosed = false;
  #policySeen = false;
  #inSecondPolicy = false;
  #draft: RecordDraft | undefined;
  #error: RefusalError | undefined;
  #recordCount = 0;
  #sawElement = false;

  constructor(limits: ReportLimits, onRecord: (record: AggregateRecord) => void) {
    this.#limits = limits;
    this.#onRecord = onRecord;
    this.#parser = new SaxesParser({ xmlns: false, position: true });
    const p = this.#parser;
    p.on("doctype", () =>
      this.#fail({
        reason: "dtd-forbidden",
        message: "the document has a DOCTYPE; DTDs and entity declarations are not read (XXE, entity expansion)",
      }),
    );
    p.on("opentag", (tag) => this.#open(tag));
    p.on("closetag", () => this.#close());
    p.on("text", (t) => this.#addText(t));
    p.on("cdata", (t) => this.#addText(t));
    p.on("error", (e) => this.#syntaxError(e));
  }

  /** Records passed to the callback so far. */
  get recordCount(): number {
    return this.#recordCount;
  }

  /** True once the reader refused the input (further writes are ignored). */
  get failed(): boolean {
    return this.#error !== undefined;
  }

  /** Feeds the next chunk of bytes. */
  write(chunk: Uint8Array): void {
    if (this.#error !== undefined || this.#feedbackClosed) return;
    this.#feed(this.#decoder.write(chunk));
  }

  /** Ends the input and returns the outcome (the header, or why the input was refused). */
  end(): AggregateStreamResult {
    if (this.#error === undefined && !this.#feedbackClosed) {
      this.#feed(this.#decoder.end());
      if (this.#error === undefined && !this.#feedbackClosed) {
        try {
          this.#parser.close();
        } catch (e) {
          this.#syntaxError(e instanceof Error ? e : new Error(String(e)));
        }
      }
    }
    if (this.#decoder.invalid)
      this.problems.add("invalid-utf8", "invalid UTF-8 bytes were replaced with U+FFFD (check names near them)");
    if (this.#error !== undefined) return { ok: false, error: this.#error, recordCount: this.#recordCount };
    if (this.#feedbackAt < 0 || !this.#feedbackClosed) {
      const error: RefusalError = this.#sawElement
        ? { reason: "not-a-report", message: "no <feedback> element: not a DMARC aggregate report" }
        : { reason: "empty", message: "no XML element in the input" };
      return { ok: false, error, recordCount: this.#recordCount };
    }
    const finished = finishHeader(this.header, this.problems);
    if (!finished.ok) return { ok: false, error: finished.error, recordCount: this.#recordCount };
    return {
      ok: true,
      report: finished.header,
      recordCount: this.#recordCount,
      problems: this.problems.list(),
      schema: finished.schema,
    };
  }

  #feed(text: string): void {
    if (text === "" || this.#error !== undefined || this.#feedbackClosed) return;
    try {
      this.#parser.write(text);
    } catch (e) {
      this.#syntaxError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  #fail(error: RefusalError): void {
    if (this.#error === undefined) this.#error = error;
  }

  #syntaxError(e: Error): void {
    if (this.#error !== undefined) return;
    if (this.#feedbackClosed) {
      this.problems.add("trailing-content", `content after </feedback> ignored: ${e.message}`);
      return;
    }
    this.#fail({ reason: "malformed-xml", message: `not well-formed XML: ${e.message}` });
  }

  #addText(t: string): void {
    if (this.#error !== undefined || this.#stack.length === 0) return;
    const depth = this.#stack.length - 1;
    if (this.#hasChildren[depth] === true) {
      if (t.trim() !== "" && depth >= this.#feedbackAt && this.#feedbackAt >= 0)
        this.problems.add("stray-text", `text between elements of <${this.#stack[depth]}> ignored`);
      return;
    }
    if (this.#text.length < this.#limits.maxTextChars) this.#text += t;
  }

  #open(tag: SaxesTagPlain): void {
    if (this.#error !== undefined) return;
    this.#sawElement = true;
    const colon = tag.name.indexOf(":");
    const name = (colon < 0 ? tag.name : tag.name.slice(colon + 1)).toLowerCase();
    const depth = this.#stack.length;
    if (depth > 0) {
      const parentDepth = depth - 1;
      if (this.#hasChildren[parentDepth] !== true) {
        if (this.#text.trim() !== "" && this.#feedbackAt >= 0)
          this.problems.add("stray-text", `text before the elements of <${this.#stack[parentDepth]}> ignored`);
        this.#hasChildren[parentDepth] = true;
      }
    }
    this.#stack.push(name);
    this.#hasChildren.push(false);
    this.#text = "";
    if (this.#feedbackAt < 0) {
      if (name === "feedback" && depth <= MAX_FEEDBACK_DEPTH) {
        this.#feedbackAt = depth;
        if (depth > 0) this.problems.add("wrapped-feedback", "<feedback> is wrapped in another element");
      }
      for (const value of Object.values(tag.attributes))
        if (value === DMARC2_NAMESPACE) this.header.namespace9990 = true;
      return;
    }
    if (this.#feedbackClosed) return;
    this.#openInFeedback(name, depth - this.#feedbackAt);
  }

  #openInFeedback(name: string, rel: number): void {
    const parent = this.#stack[this.#stack.length - 2];
    if (rel === 1 && name === "record") {
      this.#draft = { record: emptyRecord(), skip: null };
      return;
    }
    if (rel === 1 && name === "policy_published") {
      if (this.#policySeen) {
        this.#inSecondPolicy = true;
        this.problems.add("multiple-policies", "more than one <policy_published>: the first is kept");
      }
      this.#policySeen = true;
      return;
    }
    const draft = this.#draft;
    if (draft === undefined) return;
    if (parent === "auth_results") {
      if (name === "dkim") draft.record.authResults.dkim.push({ domain: "", selector: null, result: null });
      else if (name === "spf") draft.record.authResults.spf.push({ domain: "", scope: null, result: null });
    } else if (parent === "policy_evaluated" && name === "reason") {
      draft.record.reasons.push({ type: null, comment: null });
    }
  }

  #close(): void {
    if (this.#error !== undefined) return;
    const depth = this.#stack.length - 1;
    const name = this.#stack[depth] ?? "";
    const leaf = this.#hasChildren[depth] !== true;
    if (this.#feedbackAt >= 0 && !this.#feedbackClosed && depth > this.#feedbackAt) {
      const rel = depth - this.#feedbackAt;
      if (leaf) {
        const parent = this.#stack[depth - 1] ?? "";
        const grandparent = this.#stack[depth - 2] ?? "";
        if (!(this.#inSecondPolicy && parent === "policy_published"))
          readLeaf(this.header, this.#draft, parent, grandparent, name, rel, this.#text, this.problems);
      } else if (rel === 1 && name === "record") {
        this.#finishRecord();
      } else if (rel === 1 && name === "policy_published") {
        this.#inSecondPolicy = false;
      }
    } else if (depth === this.#feedbackAt && !this.#feedbackClosed) {
      this.#feedbackClosed = true;
    }
    this.#stack.pop();
    this.#hasChildren.pop();
    this.#text = "";
  }

  #finishRecord(): void {
    const draft = this.#draft;
    this.#draft = undefined;
    if (draft === undefined) return;
    if (draft.skip === null && draft.record.sourceIp === "") draft.skip = "it has no <source_ip>";
    if (draft.skip === null && draft.record.count < 0) draft.skip = "it has no valid <count>";
    if (draft.skip !== null) {
      this.problems.add("record-skipped", `a <record> was skipped: ${draft.skip}`);
      return;
    }
    if (this.#recordCount >= this.#limits.maxRecords) {
      this.#fail({
        reason: "too-many-records",
        message: `more than ${this.#limits.maxRecords} records in one report (limit maxRecords)`,
      });
      return;
    }
    this.#recordCount++;
    this.#onRecord(draft.record);
  }
}

function emptyRecord(): AggregateRecord {
  return {
    sourceIp: "",
    count: -1,
    disposition: null,
    dkim: null,
    spf: null,
    reasons: [],
    headerFrom: null,
    envelopeFrom: null,
    envelopeTo: null,
    authResults: { dkim: [], spf: [] },
  };
}
