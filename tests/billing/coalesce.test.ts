import { describe, expect, it } from 'vitest';
import { coalesceByKey } from '@/lib/billing/coalesce';

/** A run whose end the test decides, recording when each run started and what it saw. */
function controlledRuns() {
  const started: { key: string; version: number; finish: (ok?: boolean) => void }[] = [];
  let version = 0;
  const run = (key: string) =>
    new Promise<number>((resolve, reject) => {
      const seen = version;
      started.push({ key, version: seen, finish: (ok = true) => (ok ? resolve(seen) : reject(new Error(`run ${seen} failed`))) });
    });
  return { started, run, bump: () => (version += 1) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalesceByKey', () => {
  it('gives every caller a run that started after its call, sharing one waiting run', async () => {
    const { started, run, bump } = controlledRuns();
    const sync = coalesceByKey(run);
    const first = sync('cus_1');
    await tick();
    expect(started).toHaveLength(1);

    // Three calls while the first run is in progress: the state they report changed after it began.
    bump();
    const second = sync('cus_1');
    const third = sync('cus_1');
    const fourth = sync('cus_1');
    expect(third).toBe(second);
    expect(fourth).toBe(second);
    await tick();
    expect(started).toHaveLength(1);

    started[0]?.finish();
    expect(await first).toBe(0);
    await tick();
    expect(started).toHaveLength(2);
    started[1]?.finish();
    expect(await second).toBe(1);
  });

  it('runs different keys independently', async () => {
    const { started, run } = controlledRuns();
    const sync = coalesceByKey(run);
    void sync('cus_1');
    void sync('cus_2');
    await tick();
    expect(started.map((s) => s.key)).toEqual(['cus_1', 'cus_2']);
    started.forEach((s) => s.finish());
  });

  it('passes a failure to the callers of that run only, and runs the next one anyway', async () => {
    const { started, run } = controlledRuns();
    const sync = coalesceByKey(run);
    const failing = sync('cus_1');
    await tick();
    const next = sync('cus_1');
    started[0]?.finish(false);
    await expect(failing).rejects.toThrow('run 0 failed');
    await tick();
    started[1]?.finish();
    expect(await next).toBe(0);
  });

  it('starts afresh once everything has settled', async () => {
    const { started, run } = controlledRuns();
    const sync = coalesceByKey(run);
    const one = sync('cus_1');
    await tick();
    started[0]?.finish();
    await one;
    await tick();
    const two = sync('cus_1');
    await tick();
    expect(started).toHaveLength(2);
    started[1]?.finish();
    await two;
  });
});

describe('coalesceByKey notes', () => {
  it('hands each run the notes of the calls it serves', async () => {
    const runs: string[][] = [];
    let release: () => void = () => {};
    const sync = coalesceByKey<void, string>(async (_key, notes) => {
      runs.push([...notes]);
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = sync('cus_1', 'evt_1');
    await tick();
    const rest = [sync('cus_1', 'evt_2'), sync('cus_1'), sync('cus_1', 'evt_3')];
    release();
    await Promise.all([first, ...rest]);
    expect(runs).toEqual([['evt_1'], ['evt_2', 'evt_3']]);
  });
});

describe('coalesceByKey gathering', () => {
  it('waits for more calls only while other keys are busy', async () => {
    const started: string[] = [];
    const finish: (() => void)[] = [];
    const sync = coalesceByKey<void, string>(async (key, notes) => {
      started.push(`${key}:${notes.join(',')}`);
      await new Promise<void>((resolve) => finish.push(resolve));
    });
    // Idle: no wait, even when asked.
    void sync('cus_1', 'evt_1', 50);
    await tick();
    expect(started).toEqual(['cus_1:evt_1']);

    // Busy with cus_1: a call for cus_2 gathers for 50 ms, and a second call joins it.
    void sync('cus_2', 'evt_2', 50);
    await tick();
    expect(started).toHaveLength(1);
    void sync('cus_2', 'evt_3', 50);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(started).toEqual(['cus_1:evt_1', 'cus_2:evt_2,evt_3']);
    finish.forEach((f) => f());
  });
});
