// Server-sent events from a fetch() response body. EventSource only does GET; the solve stream is a
// POST, so the stream is read and split into events here, as the HTML standard's parser does:
// lines end in \n or \r\n, "field:value" (one space after the colon dropped), a blank line ends an
// event, lines starting with ":" are comments, fields other than event and data are ignored.

/** Yields {event, data} for every event in a ReadableStream of UTF-8 bytes. */
export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        yield* parser.push('\n\n'); // a last event without its blank line still counts
        return;
      }
      yield* parser.push(value);
    }
  } finally {
    reader.cancel().catch(() => {}); // leaving the loop early closes the connection
  }
}

/** Turns text chunks, split anywhere, into events. */
export class EventParser {
  constructor() {
    this.buffer = '';
    this.event = '';
    this.data = [];
  }

  /** The events completed by this chunk. */
  *push(chunk) {
    this.buffer += chunk;
    let nl;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      let line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const e = this.line(line);
      if (e) yield e;
    }
  }

  line(line) {
    if (line === '') {
      const e = this.data.length ? { event: this.event || 'message', data: this.data.join('\n') } : null;
      this.event = '';
      this.data = [];
      return e;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}
