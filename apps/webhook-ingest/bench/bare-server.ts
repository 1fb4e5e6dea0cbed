// The ceiling every figure is compared to: node:http reading and parsing the body, answering 200.
import { createServer } from 'node:http';

const port = Number(process.env['PORT'] ?? 0);
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end('{"status":"accepted"}');
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening on ${port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
