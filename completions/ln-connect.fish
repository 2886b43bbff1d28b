# ln-connect's fish completion, written by scripts/gen-completions.ts from the option table
# (src/cli/options.ts); do not edit. A TAB runs no program: after upgrading ln-connect, install
# this script again. Install:
#   ln-connect completion fish > ~/.config/fish/completions/ln-connect.fish
# (Loaded by fish the first time ln-connect is completed).

complete -c ln-connect -f
complete -c ln-connect -s h -l help -d 'Show the options, examples and exit statuses'
complete -c ln-connect -s V -l version -d 'Show the version number'
complete -c ln-connect -l host -x -d 'Host to dial when the id has no @host: IPv4, IPv6, DNS name, v3 .onion, or /path/to/unix/socket'
complete -c ln-connect -l port -x -d 'Port to dial'
complete -c ln-connect -s n -l network -x -a 'mainnet testnet testnet4 signet regtest' -d 'Chain: sets the default port and the chain hash our init announces'
complete -c ln-connect -l mainnet -d 'Short for --network mainnet, as lightningd has it'
complete -c ln-connect -l testnet -d 'Short for --network testnet, as lightningd has it'
complete -c ln-connect -l signet -d 'Short for --network signet, as lightningd has it'
complete -c ln-connect -l regtest -d 'Short for --network regtest, as lightningd has it'
complete -c ln-connect -l dns-seed -x -d 'With no host: find the node\'s addresses at a BOLT 10 DNS seed'
complete -c ln-connect -l dns-server -x -d 'DNS server for --dns-seed and host names, instead of the system resolver'
complete -c ln-connect -l graph -r -F -d 'With no host: take the node\'s announced addresses from lightning-cli listnodes or lncli describegraph JSON'
complete -c ln-connect -s t -l timeout -x -d 'Deadline for the whole run: resolve, dial, handshake, init, confirmation'
complete -c ln-connect -l proxy -x -d 'SOCKS5 proxy'
complete -c ln-connect -l always-use-proxy -d 'Send IPv4 and IPv6 targets through --proxy too'
complete -c ln-connect -l probe-tls -d 'After a silent hang-up in the handshake, open a second connection to tell a TLS server from a wrong key'
complete -c ln-connect -l key-file -r -F -d 'Our node key: a file holding a 32-byte hex secret, mode 600'
complete -c ln-connect -l features -x -d 'Feature bits our init advertises, as hex'
complete -c ln-connect -s l -l listen -r -F -d 'Accept one inbound connection instead of dialling'
complete -c ln-connect -s f -l format -x -a 'json text' -d 'json: the result as lightning-cli prints it'
complete -c ln-connect -s q -l quiet -d 'Print no result'
complete -c ln-connect -l color -d 'Colour the output'
complete -c ln-connect -l no-color -d 'The opposite of --color'
complete -c ln-connect -s v -l verbose -d 'Log each stage on stderr, one line each, after the milliseconds since ln-connect started'
complete -c ln-connect -l debug -d 'Show the stack trace of an internal error'
complete -c ln-connect -n 'test (count (commandline -opc)) -eq 1' -a completion -d 'Print the bash, zsh or fish completion script (default: the shell $SHELL names)'
complete -c ln-connect -n 'set -l words (commandline -opc); test (count $words) -eq 2 -a "$words[2]" = completion' -a 'bash zsh fish'
