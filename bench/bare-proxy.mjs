// The floor any Node gateway pays: a node:http server piping each request to one upstream
// over a keep-alive agent and the response back, with no parsing at all.
// Usage: node bench/bare-proxy.mjs --upstream http://127.0.0.1:PORT [--port 0] [--api-key sk-bench]
import http from 'node:http';
import { parseArgs } from 'node:util';
import { exitWithParent } from './exit-with-parent.mjs';

const { values: flags } = parseArgs({
  options: {
    upstream: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'api-key': { type: 'string', default: 'sk-bench' },
  },
});
const upstream = new URL(flags.upstream);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function endToEnd(headers) {
  const kept = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) kept[name] = headers[name];
  return kept;
}

const server = http.createServer((req, res) => {
  const headers = { ...endToEnd(req.headers), host: upstream.host, authorization: `Bearer ${flags['api-key']}` };
  const options = { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent };
  const upstreamReq = http.request(options, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode, endToEnd(upstreamRes.headers));
    upstreamRes.pipe(res);
    res.on('close', () => { if (!upstreamRes.complete) upstreamReq.destroy(); });
  });
  upstreamReq.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"upstream failed","type":"api_error","param":null,"code":null}}');
  });
  req.pipe(upstreamReq);
});

server.listen({ port: Number(flags.port), host: flags.host }, () => {
  const { address, port } = server.address();
  process.stdout.write(`bare-proxy listening on http://${address}:${port}\n`);
});
exitWithParent(() => server.close());
