// A parser for a text/event-stream (the WHATWG server-sent events format), fed with text as it
// arrives. EventSource cannot send an Authorization header; this lets fetch() read the stream.

export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent; // called with {event, data, id}
    this.buffer = '';
    this.afterCr = false;
    this.reset();
  }

  reset() {
    this.event = '';
    this.data = [];
    this.id = '';
  }

  // Feeds a piece of the stream; complete lines are handled, the rest is kept for the next piece.
  push(text) {
    if (text === '') return;
    // A \r that ended the previous piece may be the first half of a \r\n: its \n ends no line.
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    this.buffer += text;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) return;
      const line = this.buffer.slice(0, end);
      if (this.buffer[end] === '\r' && end + 1 === this.buffer.length) this.afterCr = true;
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
      this.reset();
      return;
    }
    if (line.startsWith(':')) return; // a comment: keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
  }
}
