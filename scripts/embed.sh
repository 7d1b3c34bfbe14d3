#!/bin/sh
# embed.sh NAME FILE - print a C file defining `const char NAME[]` with FILE's
# bytes and `const unsigned long NAME_len`. Used to compile the model schema
# into the binary without a new dependency.
set -eu
name=$1
file=$2
printf '/* generated from %s by scripts/embed.sh; do not edit */\n' "$file"
printf 'extern const char %s[];\nextern const unsigned long %s_len;\n' "$name" "$name"
printf 'const char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/ *$//' -e 's/^ */0x/' -e 's/  */, 0x/g' -e 's/$/,/'
printf '0x00 };\n'
printf 'const unsigned long %s_len = sizeof(%s) - 1;\n' "$name" "$name"
