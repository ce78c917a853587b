/**
 * Wraps `run` so that calls for one key share work without missing any: a call joins a run
 * that has not started yet, else queues one to start after the current run ends. Every caller
 * therefore gets the result of a run that began after it called, and at most one run per key is
 * in progress with at most one waiting. Runs for different keys do not wait for each other.
 * Each run receives the notes (say, webhook event ids) of every call it serves. A call that finds
 * its key idle while other keys are busy may ask for `gatherMs`: the run then waits that long
 * for more calls to join it. Under load that wait costs little and saves whole runs; in an idle
 * process (one event at a time, as in development) nothing waits.
 */
export function coalesceByKey<R, Note = never>(
  run: (key: string, notes: Note[]) => Promise<R>,
): (key: string, note?: Note, gatherMs?: number) => Promise<R> {
  type Waiting = { result: Promise<R>; notes: Note[] };
  const slots = new Map<string, { tail: Promise<R>; waiting: Waiting | null }>();
  return (key, note, gatherMs = 0) => {
    const slot = slots.get(key);
    if (slot?.waiting) {
      if (note !== undefined) slot.waiting.notes.push(note);
      return slot.waiting.result;
    }
    const notes: Note[] = note === undefined ? [] : [note];
    const start = () => {
      if (current.waiting?.result === result) current.waiting = null;
      return run(key, notes);
    };
    const result: Promise<R> = slot
      ? slot.tail.then(start, start)
      : new Promise<void>((resolve) => (gatherMs > 0 && slots.size > 0 ? setTimeout(resolve, gatherMs) : resolve())).then(start);
    const current = slot ?? { tail: result, waiting: null };
    current.tail = result;
    current.waiting = { result, notes };
    slots.set(key, current);
    const forget = () => {
      if (current.tail === result) slots.delete(key);
    };
    result.then(forget, forget);
    return result;
  };
}
