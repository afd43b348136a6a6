// The dashboard's server-sent-events parser (src/sse.js), fed the way a network delivers: in
// pieces that cut lines, fields and line breaks anywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from '../src/sse.js';

function parse(pieces) {
  const events = [];
  const parser = new SseParser((e) => events.push(e));
  for (const piece of pieces) parser.push(piece);
  return events;
}

const STROOM = 'retry: 2000\n\nevent: kop\nid: 7\ndata: {"position": 7, "hash": "ab"}\n\n: keep-alive\n\nevent: kop\nid: 9\ndata: {"position": 9, "hash": "cd"}\n\n';
const VERWACHT = [
  { event: 'kop', id: '7', data: '{"position": 7, "hash": "ab"}' },
  { event: 'kop', id: '9', data: '{"position": 9, "hash": "cd"}' },
];

test('a whole stream: events with their fields; retry and comments give no event', () => {
  assert.deepEqual(parse([STROOM]), VERWACHT);
});

test('cut at every byte, the events are the same', () => {
  assert.deepEqual(parse([...STROOM]), VERWACHT);
  for (let at = 1; at < STROOM.length; ++at) assert.deepEqual(parse([STROOM.slice(0, at), STROOM.slice(at)]), VERWACHT, `cut at ${at}`);
});

test('CRLF and CR line breaks, even when a CRLF is cut in two', () => {
  const crlf = STROOM.replaceAll('\n', '\r\n');
  assert.deepEqual(parse([crlf]), VERWACHT);
  for (let at = 1; at < crlf.length; ++at) assert.deepEqual(parse([crlf.slice(0, at), crlf.slice(at)]), VERWACHT, `cut at ${at}`);
  assert.deepEqual(parse([STROOM.replaceAll('\n', '\r')]), VERWACHT);
});

test('several data lines join with a newline; no event name is "message"; an event without data is none', () => {
  assert.deepEqual(parse(['data: a\ndata:b\n\nevent: leeg\n\n']), [{ event: 'message', data: 'a\nb', id: '' }]);
});

test('an event not yet ended by a blank line is not given', () => {
  assert.deepEqual(parse(['event: kop\ndata: 1\n']), []);
});
