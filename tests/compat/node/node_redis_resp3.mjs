// node-redis v5 speaking RESP3 (createClient({ RESP: 3 })): its connection handshake (HELLO 3,
// then CLIENT SETINFO and CLIENT MAINT_NOTIFICATIONS, whose errors it ignores), then string,
// key and list commands (BLPOP's RESP3 null on a timeout). Usage: node node_redis_resp3.mjs
// PORT (host 127.0.0.1). Exit status 0 iff every check passed; one line per check.
import { createClient } from 'redis';
import { check, portArgument, run } from './steps.mjs';

const port = portArgument();

await run(async () => {
  const client = createClient({
    url: `redis://127.0.0.1:${port}`,
    RESP: 3,
    socket: { connectTimeout: 5000, reconnectStrategy: false },
  });
  const errors = [];
  client.on('error', (error) => errors.push(error));
  await client.connect();
  try {
    await client.del(['node:greeting', 'node:counter', 'node:a', 'node:b']);
    const hello = await client.sendCommand(['HELLO', '3']);
    check('HELLO 3 is a map with proto 3', hello?.proto, 3);

    check('SET', await client.set('node:greeting', 'hello'), 'OK');
    check('GET', await client.get('node:greeting'), 'hello');
    check('GET of a missing key is null', await client.get('node:absent'), null);
    check('SET NX on an existing key is null',
      await client.set('node:greeting', 'x', { condition: 'NX' }), null);
    check('INCR of a new key', await client.incr('node:counter'), 1);
    check('INCRBY', await client.incrBy('node:counter', 41), 42);
    check('DECR', await client.decr('node:counter'), 41);
    check('APPEND', await client.append('node:greeting', ' world'), 11);
    check('STRLEN', await client.strLen('node:greeting'), 11);
    check('MSET', await client.mSet({ 'node:a': '1', 'node:b': '2' }), 'OK');
    check('MGET', await client.mGet(['node:a', 'node:none', 'node:b']), ['1', null, '2']);
    check('EXISTS', await client.exists(['node:a', 'node:b', 'node:none']), 2);
    check('TYPE', await client.type('node:a'), 'string');
    check('DEL', await client.del(['node:a', 'node:b', 'node:none']), 2);
    check('EXISTS after DEL', await client.exists('node:a'), 0);
    let incrError = null;
    try {
      await client.incr('node:greeting');
    } catch (error) {
      incrError = error.message;
    }
    check('INCR of a non-number is an error reply', incrError,
      'ERR value is not an integer or out of range');
    await client.del(['node:list', 'node:empty']);
    check('RPUSH', await client.rPush('node:list', ['a', 'b', 'c']), 3);
    check('LRANGE', await client.lRange('node:list', 0, -1), ['a', 'b', 'c']);
    check('BLPOP of a list with elements', await client.blPop('node:list', 0.1),
      { key: 'node:list', element: 'a' });
    check('BLPOP that times out is null', await client.blPop('node:empty', 0.1), null);
    check('LPOP with a count of a missing key is null',
      await client.lPopCount('node:empty', 2), null);
    check('LMOVE', await client.lMove('node:list', 'node:list', 'LEFT', 'RIGHT'), 'b');
    check('LRANGE after LMOVE', await client.lRange('node:list', 0, -1), ['c', 'b']);
    check('PING', await client.ping(), 'PONG');
    check('no connection errors', errors.map(String), []);
  } finally {
    await client.close();
  }
});
