// node-redis v5 speaking RESP3 (createClient({ RESP: 3 })): its connection handshake (HELLO 3,
// then CLIENT SETINFO and CLIENT MAINT_NOTIFICATIONS, whose errors it ignores), then string,
// key and list commands (BLPOP's RESP3 null on a timeout), and sorted sets: scores come back
// as RESP3 doubles, which node-redis hands over as they are, so they must be JS numbers
// (infinities included), and BZPOPMIN's timeout is RESP3's null. Usage: node
// node_redis_resp3.mjs PORT (host 127.0.0.1). Exit status 0 iff every check passed; one line
// per check.
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
    await client.del(['node:board', 'node:empty-board']);
    check('ZADD', await client.zAdd('node:board', [
      { score: 10, value: 'ada' }, { score: 2.5, value: 'ken' }, { score: 7, value: 'grace' },
      { score: Infinity, value: 'champion' },
    ]), 4);
    check('ZRANGE WITHSCORES gives numbers', await client.zRangeWithScores('node:board', 0, -1),
      [{ value: 'ken', score: 2.5 }, { value: 'grace', score: 7 }, { value: 'ada', score: 10 },
        { value: 'champion', score: Infinity }]);
    check('ZSCORE is a number', await client.zScore('node:board', 'grace'), 7);
    check('ZSCORE of +inf is Infinity', await client.zScore('node:board', 'champion'), Infinity);
    check('ZSCORE of a missing member is null', await client.zScore('node:board', 'nobody'),
      null);
    check('ZPOPMIN', await client.zPopMin('node:board'), { value: 'ken', score: 2.5 });
    check('ZPOPMIN of a missing key is null', await client.zPopMin('node:empty-board'), null);
    check('BZPOPMIN of a sorted set with members', await client.bzPopMin('node:board', 0.1),
      { key: 'node:board', value: 'grace', score: 7 });
    check('BZPOPMIN that times out is null', await client.bzPopMin('node:empty-board', 0.1),
      null);
    check('PING', await client.ping(), 'PONG');
    check('no connection errors', errors.map(String), []);
  } finally {
    await client.close();
  }
});
