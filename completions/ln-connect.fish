###-begin-ln-connect-completions-###
#
# yargs command completion script
#
# Installation: ln-connect completion > ~/.config/fish/completions/ln-connect.fish
#
complete -f -c ln-connect -a '(env SHELL=fish ln-connect --get-yargs-completions (commandline -o)[2..-1])'
###-end-ln-connect-completions-###
