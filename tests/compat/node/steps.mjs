// Shared by the node client scripts: each check prints one line, and a failed check throws
// with what was expected and what came back, so pytest can show the whole run on failure.
import { isDeepStrictEqual, inspect } from 'node:util';

export function check(description, got, expected) {
  if (!isDeepStrictEqual(got, expected)) {
    throw new Error(
      `${description}\n  expected: ${inspect(expected)}\n  got:      ${inspect(got)}`);
  }
  console.log(`ok - ${description}`);
}

// Runs main() with a deadline: a client that hangs (waiting for a reply that never comes)
// ends the process with status 1 instead of holding the test until its timeout.
export async function run(main, { deadlineMs = 30000 } = {}) {
  const timer = setTimeout(() => {
    console.error(`FAIL: not finished within ${deadlineMs} ms`);
    process.exit(1);
  }, deadlineMs);
  try {
    await main();
    console.log('PASS');
  } catch (error) {
    console.error(`FAIL: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
  }
}

// The port from the command line: `node script.mjs PORT`.
export function portArgument() {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`usage: node ${process.argv[1]} PORT`);
    process.exit(2);
  }
  return port;
}
