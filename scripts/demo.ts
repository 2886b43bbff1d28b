/**
 * `npm run demo`: ln-connect against ln-connect, on loopback, no Lightning node needed. One process
 * listens (`--listen 127.0.0.1:0`), another connects to the id@host:port it announces; both print
 * their side's result, exactly as they would against a real node.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ln-connect.js', import.meta.url));

function run(args: string[], onStderrLine?: (line: string) => void): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    for (const line of d.split('\n').filter(Boolean)) onStderrLine ? onStderrLine(line) : process.stderr.write(`${line}\n`);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

const listenArgs = ['--listen', '127.0.0.1:0', '--network', 'regtest'];
let connecting: Promise<{ code: number | null; stdout: string }> | undefined;
const listener = run(listenArgs, (uri) => {
  console.log(`$ ln-connect ${listenArgs.join(' ')}\n  (listening as ${uri})\n`);
  connecting ??= run([uri, '--network', 'regtest']);
});
const inbound = await listener;
const outbound = await connecting;
if (!outbound) throw new Error('the listener exited before announcing its address');
console.log(`$ ln-connect <that id@host:port> --network regtest    (exit ${outbound.code})\n${outbound.stdout}`);
console.log(`The listener's side    (exit ${inbound.code})\n${inbound.stdout}`);
process.exitCode = outbound.code === 0 && inbound.code === 0 ? 0 : 1;
