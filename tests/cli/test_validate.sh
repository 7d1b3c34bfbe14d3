#!/usr/bin/env bash
# retort validate: the example models pass; every kind of bad model file
# exits 2 with FILE:LINE: error: lines; all errors of a run are reported.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

data=$RETORT_ROOT/tests/data/models
cd "$RETORT_ROOT"

# The example application is valid, and validate needs no database.
expect_exit 0 env -u PGHOST -u PGPORT "$RETORT" validate models
ntables=$(cat models/*.xml | grep -c '<table ')
ncolumns=$(cat models/*.xml | grep -c '<column ')
nenums=$(cat models/*.xml | grep -c '<enum ')
((ntables >= 14 && nenums == 3)) || fail "the example models lost tables or enums"
expect_eq "models: valid: $ntables tables ($ncolumns columns), 3 enums, 0 sequences, 1 extension, 0 schemas" \
    "$(cat "$OUT")" "summary"
[[ ! -s $ERR ]] || fail "validate of valid models wrote to stderr: $(cat "$ERR")"

# PATH defaults to the configured models folder (--models, then retort.conf).
dir=$(workdir)
cp -r models "$dir/models"
cp "$data/unknown_attribute.xml" "$dir/bad.xml"
(cd "$dir" && expect_exit 0 "$RETORT" validate)
expect_contains "$OUT" "models: valid: $ntables tables"
(cd "$dir" && expect_exit 2 "$RETORT" --models bad.xml validate)
expect_contains "$ERR" "bad.xml:5: error: unknown attribute 'nulable' on <column>"
printf '[retort]\nmodels = bad.xml\n' >"$dir/retort.conf"
(cd "$dir" && expect_exit 2 "$RETORT" validate)
expect_contains "$ERR" "bad.xml:5: error:"
(cd "$dir" && expect_exit 0 "$RETORT" validate models)

# Each bad fixture: exit 2, nothing on stdout, FILE:LINE: error: on stderr.
check_bad() {
    local file=$1 line=$2 text=$3
    expect_exit 2 "$RETORT" validate "$data/$file"
    [[ ! -s $OUT ]] || fail "$file: stdout not empty: $(cat "$OUT")"
    expect_contains "$ERR" "$data/$file:$line: error: $text"
}
check_bad empty.xml 1 "file is empty"
check_bad binary.xml 1 "file is not UTF-8 text"
check_bad utf16.xml 1 "file is not UTF-8 text"
check_bad latin1.xml 3 "input is not proper UTF-8"
check_bad truncated.xml 5 "premature end of data in tag table"
check_bad billion_laughs.xml 2 "DOCTYPE and ENTITY declarations are not allowed"
check_bad xxe_file.xml 2 "DOCTYPE and ENTITY declarations are not allowed"
check_bad xxe_http.xml 2 "DOCTYPE and ENTITY declarations are not allowed"
check_bad unknown_attribute.xml 5 "unknown attribute 'nulable' on <column>"
expect_contains "$ERR" "hint: Did you mean 'nullable'?"
expect_not_contains "$ERR" "root:x:0:0"

# A huge file is refused without being parsed.
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$dir/huge.xml"
expect_exit 2 "$RETORT" validate "$dir/huge.xml"
expect_contains "$ERR" "huge.xml:1: error: file is larger than 16 MiB"

# Several errors in several files are all reported in one run, in order.
expect_exit 2 "$RETORT" validate "$data/several"
expect_match "$ERR" "^$data/several/a.xml:10: error: index names column 'emial'"
expect_match "$ERR" "^$data/several/b.xml:5: error: foreign key references unknown table 'user'"
expect_match "$ERR" "^$data/several/b.xml:6: error: default 'pendign' of column 'status'"
expect_contains "$ERR" "hint: Did you mean 'users'?"
expect_contains "$ERR" "'$data/several' has 3 errors"
[[ $(grep -cE ':[0-9]+: error: ' "$ERR") == 3 ]] || fail "expected 3 FILE:LINE error lines"

# Errors in different tables of one file are all reported together, each at
# the line where its element's start tag begins, whether before or after
# objects already read and dropped as the file streams by, inside <schema>
# or not.
cat >"$dir/streamed.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="urn:retort:model:1">
  <table name="a">
    <column name="id" type="int"/>
  </table>
  <table name="b">
    <column
        name="id"
        type="int"
        nullable="sometimes"/>
  </table>
  <schema name="s">
    <table name="c">
      <column name="id" type="int"/>
      <index>
        <key column="id" order="upwards"/>
      </index>
    </table>
  </schema>
  <table name="d">
    <colum name="id" type="int"/>
  </table>
</model>
XML
expect_exit 2 "$RETORT" validate "$dir/streamed.xml"
expect_contains "$ERR" "streamed.xml:7: error: invalid value 'sometimes' for attribute 'nullable' of <column>"
expect_contains "$ERR" "streamed.xml:16: error: invalid value 'upwards' for attribute 'order' of <key>"
expect_contains "$ERR" "streamed.xml:21: error: unknown element <colum>"
[[ $(grep -cE ':[0-9]+: error: ' "$ERR") == 3 ]] || fail "expected 3 FILE:LINE error lines"
# Fixed, the same file is valid; its reader errors come out in one run too.
sed -e 's/"sometimes"/"true"/' -e 's/"upwards"/"desc"/' -e 's/<colum /<column /' \
    "$dir/streamed.xml" >"$dir/fixed.xml"
expect_exit 0 "$RETORT" validate "$dir/fixed.xml"
expect_contains "$OUT" "valid: 4 tables (4 columns), 0 enums, 0 sequences, 0 extensions, 1 schema"
sed -e 's/name="b"/name="a"/' -e '21s|type="int"|type="int" identity="always" default="1"|' \
    "$dir/fixed.xml" >"$dir/dup.xml"
expect_exit 2 "$RETORT" validate "$dir/dup.xml"
expect_contains "$ERR" "dup.xml:6: error: relation name 'public.a' is already taken"
expect_contains "$ERR" "dup.xml:21: error: column 'id' has both identity and a default"
[[ $(grep -cE ':[0-9]+: error: ' "$ERR") == 2 ]] || fail "expected 2 FILE:LINE error lines"

# Paths that are not model files or folders.
expect_exit 2 "$RETORT" validate "$dir/no-such-dir"
expect_contains "$ERR" "no-such-dir: error: cannot read models: No such file or directory"
mkdir "$dir/empty"
expect_exit 2 "$RETORT" validate "$dir/empty"
expect_contains "$ERR" "no *.xml model files in this folder"
expect_exit 2 "$RETORT" validate /dev/null
expect_contains "$ERR" "/dev/null: error: cannot read models: not a regular file or folder"
echo 'just text' >"$dir/notes.txt"
expect_exit 2 "$RETORT" validate "$dir/notes.txt"
expect_contains "$ERR" "notes.txt:1: error: start tag expected"
if [[ $(id -u) != 0 ]]; then
    mkdir "$dir/locked" && cp models/core.xml "$dir/locked/" && chmod 000 "$dir/locked"
    expect_exit 2 "$RETORT" validate "$dir/locked"
    expect_contains "$ERR" "cannot open model folder"
    chmod 755 "$dir/locked"
fi
# A folder whose .xml entry is a folder itself is skipped, not read.
mkdir -p "$dir/odd/sub.xml"
cp models/core.xml "$dir/odd/"
expect_exit 0 "$RETORT" validate "$dir/odd"

# A dangling symlink is reported, not skipped.
ln -s "$dir/nowhere.xml" "$dir/odd/broken.xml"
expect_exit 2 "$RETORT" validate "$dir/odd"
expect_contains "$ERR" "odd/broken.xml: error: cannot read model file: No such file or directory"

# Usage errors.
expect_exit 2 "$RETORT" validate a b
expect_contains "$ERR" "too many arguments"
expect_exit 0 "$RETORT" validate --help
expect_contains "$OUT" "usage: retort validate"
