/**
 * The fake Graph API in its own process, so that answering our sends does not take CPU from
 * the server being measured (in production Meta answers them). Prints its URL, then runs until
 * killed; counts of what it received go to stdout as JSON on SIGTERM.
 */
import { startFakeGraph } from '../test/helpers/fake-graph';

const graph = await startFakeGraph();
process.stdout.write(`${graph.url}\n`);
process.once('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ accepted: graph.accepted().length })}\n`);
  void graph.close().then(() => process.exit(0));
});
