// ioredis v5 (RESP2): its connection handshake (CLIENT SETINFO, errors ignored; then INFO as
// the ready check, which must succeed), then one pipeline of 100 commands, all sent before
// the first reply is read.
// Usage: node ioredis_pipeline.mjs PORT (host 127.0.0.1). Exit status 0 iff every check
// passed; one line per check.
import Redis from 'ioredis';
import { check, portArgument, run } from './steps.mjs';

const port = portArgument();

await run(async () => {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  const errors = [];
  redis.on('error', (error) => errors.push(error));
  await redis.connect();
  try {
    const keys = Array.from({ length: 25 }, (_, i) => [`io:${i}`, `io:counter:${i}`]).flat();
    await redis.del('io:word', ...keys);
    const pipeline = redis.pipeline();
    const expected = [];
    for (let i = 0; i < 25; i++) {
      pipeline.set(`io:${i}`, `value-${i}`);
      pipeline.get(`io:${i}`);
      pipeline.incr(`io:counter:${i}`);
      pipeline.exists(`io:${i}`, `io:none:${i}`);
      expected.push([null, 'OK'], [null, `value-${i}`], [null, 1], [null, 1]);
    }
    const replies = await pipeline.exec();
    check('a pipeline of 100 commands has 100 replies', replies.length, 100);
    check('every reply of the pipeline, in order', replies, expected);

    const failing = await redis.pipeline()
      .set('io:word', 'abc')
      .incr('io:word')
      .get('io:word')
      .exec();
    check('an error in a pipeline is that command\'s reply only',
      failing.map(([error, value]) => (error ? error.message : value)),
      ['OK', 'ERR value is not an integer or out of range', 'abc']);
    check('no connection errors', errors.map(String), []);
  } finally {
    redis.disconnect();
  }
});
