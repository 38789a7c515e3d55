/**
 * Where `npm start` writes its log lines: stdout, one write per turn of the event loop.
 *
 * Node writes stdout to a pipe or a file synchronously, one system call per `console.log`.
 * Under load each message logs a line, and that call was 3% of an SMS webhook's CPU in the
 * bench profile. So the lines of one turn are joined and written together when it ends
 * (setImmediate), and whatever is still pending when the process exits, a crash included, is
 * written then: a line is late by at most one turn, never lost to a crash.
 */
export function createLogLines(
  out: { write(chunk: string): unknown } = process.stdout,
): (line: string) => void {
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const chunk = pending;
    pending = '';
    out.write(chunk);
  };
  process.once('exit', flush);
  return (line) => {
    if (!pending) setImmediate(flush);
    pending += `${line}\n`;
  };
}
