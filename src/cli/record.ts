/**
 * `--record FILE`: the run's resolver is wrapped in a {@link RecordingResolver}, and at the end every
 * answer it saw is written to FILE as a DNS fixture that `--resolver fixture:FILE` replays offline.
 */
import { resolve } from "node:path";
import { RecordingResolver } from "../dns/recording.ts";
import type { Resolver } from "../dns/types.ts";
import { messageOf } from "./errors.ts";
import { writeOutput } from "./safe-write.ts";

/** A resolver and what to do with its recording at the end of the run. */
export interface Recorded {
  resolver: Resolver;
  /** Writes the fixture (when recording); call once the run is over, whatever its outcome. */
  save(): Promise<void>;
}

/**
 * Wraps `resolver` for recording when `file` is given; otherwise passes it through. The recording
 * is written safely (src/cli/safe-write.ts): not through a symbolic link, not over one of `inputs`
 * (the run's input files, such as the fixture being replayed), through a temporary file.
 */
export function maybeRecord(
  resolver: Resolver,
  file: string | undefined,
  cwd: string,
  comment: string,
  inputs: readonly string[] = [],
): Recorded {
  if (file === undefined) return { resolver, save: async () => {} };
  const recorder = new RecordingResolver(resolver);
  return {
    resolver: recorder,
    save: async () => {
      const text = JSON.stringify(recorder.toFixture(comment), null, 2) + "\n";
      // Its errors name the file: "cannot write rec.json: ...", "refusing to write rec.json: ...".
      await writeOutput(
        resolve(cwd, file),
        file,
        text,
        inputs.map((f) => resolve(cwd, f)),
      );
    },
  };
}

/**
 * Saves a recording at the end of a run. When the run itself failed, its error matters more: a
 * failure to write the recording is then only a warning on standard error.
 */
export async function saveRecording(
  recorded: Recorded,
  runFailed: boolean,
  deps: { stderr: { write(chunk: string): unknown } },
): Promise<void> {
  try {
    await recorded.save();
  } catch (error) {
    if (!runFailed) throw error;
    deps.stderr.write(`warning: ${messageOf(error)}\n`);
  }
}
