# Completes one command line in a real interactive zsh, as a TAB would, and logs what zsh offered.
#
#   zsh -f zsh-complete.zsh LOG FPATH_DIR 'ln-connect --net'
#
# The interactive zsh runs in a pseudo-terminal (zpty) with compinit and FPATH_DIR on $fpath.
# compadd is wrapped to log the candidates that zsh's own matching kept (calls that already
# collect matches with -O, -A or -D are internal to _describe and pass through). After the TAB a
# widget logs the edited line, BUFFER=..., which also marks the completion as finished.
zmodload zsh/zpty
local log=$1 dir=$2 line=$3
zpty z zsh -f -i
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "compadd() { if (( \${@[(I)-[OAD]]} )); then builtin compadd \"\$@\"; return; fi; local -a kept; builtin compadd -O kept \"\$@\"; print -rl -- \$kept >> ${(q)log}; builtin compadd \"\$@\"; }"
zpty -w z "logged() { print -r -- \"BUFFER=\$BUFFER\" >> ${(q)log}; }; zle -N logged; bindkey '^Xl' logged"
zpty -w -n z "$line"$'\t\C-xl'
for i in {1..150}; do
  [[ -f $log ]] && grep -q '^BUFFER=' $log && break
  sleep 0.1
done
zpty -d z
