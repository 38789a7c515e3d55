/**
 * Wait until `condition` holds, checking every 100 ms, for at most `ms`; resolves either way
 * (the test's assertions then say what did not happen).
 */
export async function pollUntil(condition: () => boolean | Promise<boolean>, ms: number) {
  for (let waited = 0; waited < ms && !(await condition()); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}
