import yargs from 'yargs';
const mode = process.env.MODE;
let p = yargs(process.argv.slice(2)).scriptName('ln-connect').strict().exitProcess(false)
  .option('network', {type:'string', choices:['mainnet','testnet'], description:'Chain x'})
  .option('quiet', {type:'boolean', alias:'q', description:'Quiet'})
  .fail((m,e)=>{ throw new Error('FAIL '+m) });
if (mode==='a') p = p.command('$0 [id]', false).command('completion [shell]', 'print a completion script', (y)=>y.positional('shell',{choices:['bash','zsh','fish']}), (a)=>{console.log('HANDLER', a.shell)});
if (mode==='b') p = p.command('$0', false, (y)=>y, ()=>{}).command('completion [shell]', 'print a completion script', (y)=>y.positional('shell',{choices:['bash','zsh','fish']}), (a)=>{console.log('HANDLER', a.shell)});
if (mode==='c') p = p.command('completion [shell]', 'print a completion script', (y)=>y.positional('shell',{choices:['bash','zsh','fish']}), (a)=>{console.log('HANDLER', a.shell)}).strictCommands(false).strictOptions(true).strict(false);
try { const r = await p.parseAsync(); console.log('RESULT', JSON.stringify(r)); } catch (e) { console.log(e.message) }
