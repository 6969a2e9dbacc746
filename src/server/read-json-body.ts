import { errors } from '../errors/index.js';
import type { Exchange } from './exchange.js';
import { rawHeader } from './raw-header.js';

/**
 * Reads the request body and parses it as JSON, whatever its declared content type
 * (clients such as curl send form types by default). Bodies over the limit are
 * refused with 413 as soon as their size is known (from `content-length`, or while reading).
 */
export function readJsonBody(exchange: Exchange): Promise<unknown> {
  const { req, maxBodyBytes } = exchange;
  const declared = Number(rawHeader(req, 'content-length'));
  if (declared > maxBodyBytes) return Promise.reject(tooLarge(exchange));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.off('data', onData);
        req.resume();
        reject(tooLarge(exchange));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      // The request object lives until the answer is sent: let go of the body now.
      req.off('data', onData);
      req.off('error', reject);
      if (size > maxBodyBytes) return;
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      chunks.length = 0;
      exchange.log?.request(text);
      if (text.length === 0) return reject(errors.invalidJson('the body is empty'));
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(errors.invalidJson((error as Error).message));
      }
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', onEnd);
  });
}

function tooLarge(exchange: Exchange) {
  // The rest of the body is not read: close the connection after answering.
  exchange.headers.connection = 'close';
  return errors.bodyTooLarge(exchange.maxBodyBytes);
}
