# floor_capture.awk - turns the statements one retort run sent to the server
# into a psql script: the catalog-query floor of `make bench`.
#
#   awk -f bench/floor_capture.awk SERVER_LOG_PART > floor.sql
#
# Input: the part of a PostgreSQL server log (default stderr format,
# log_statement = all) written while retort ran alone against the server.
# Simple-protocol statements appear as "LOG:  statement: SQL", extended
# ones (PQexecParams) as "LOG:  execute <unnamed>: SQL" followed by
# "DETAIL:  parameters: $1 = '...', $2 = '...'"; continuation lines of a
# message start with a tab. Each statement is printed with its $n
# parameters replaced by the logged literals (already in SQL quoting), so
# psql runs exactly the queries retort ran, with the same values.
#
# On a big schema retort reads on two connections at once (src/introspect.c:
# the second imports the first's snapshot). The floor runs every catalog
# query one after the other in one session, so the two statements that
# only hand the snapshot over are left out; the logger writes each message
# whole, so the two sessions' statements interleave but never mix.

function flush(   n, out) {
    if (stmt == "" || stmt ~ /pg_export_snapshot\(\)|SET TRANSACTION SNAPSHOT/) {
        stmt = ""
        detail = ""
        return
    }
    n = parse_params(detail)
    out = substitute(stmt, n)
    sub(/[ \t\n;]+$/, "", out)
    print out ";"
    print ""
    stmt = ""
    detail = ""
}

# Fills param[1..n] from "$1 = 'a', $2 = NULL, ..."; returns n.
function parse_params(s,   n, i, c, v, len) {
    n = 0
    len = length(s)
    i = 1
    while (i <= len) {
        if (substr(s, i, 1) != "$") {
            i++
            continue
        }
        # skip "$N = "
        while (i <= len && substr(s, i, 1) != "=")
            i++
        i += 2
        if (substr(s, i, 4) == "NULL") {
            v = "NULL"
            i += 4
        } else if (substr(s, i, 1) == "'") {
            v = "'"
            i++
            while (i <= len) {
                c = substr(s, i, 1)
                if (c == "'" && substr(s, i + 1, 1) == "'") {
                    v = v "''"
                    i += 2
                } else if (c == "'") {
                    v = v "'"
                    i++
                    break
                } else {
                    v = v c
                    i++
                }
            }
        } else {
            break
        }
        param[++n] = v
    }
    return n
}

# Replaces each $N (N <= n) in one left-to-right pass, so that a value
# holding "$1" is never substituted again; values are pasted verbatim.
function substitute(s, n,   out, i, len, c, j, num) {
    out = ""
    len = length(s)
    i = 1
    while (i <= len) {
        c = substr(s, i, 1)
        if (c == "$" && substr(s, i + 1, 1) ~ /[0-9]/) {
            j = i + 1
            while (j <= len && substr(s, j, 1) ~ /[0-9]/)
                j++
            num = substr(s, i + 1, j - i - 1) + 0
            if (num >= 1 && num <= n) {
                out = out param[num]
                i = j
                continue
            }
        }
        out = out c
        i++
    }
    return out
}

BEGIN { stmt = ""; detail = ""; mode = "" }

/^\t/ {
    if (mode == "stmt")
        stmt = stmt "\n" substr($0, 2)
    else if (mode == "detail")
        detail = detail "\n" substr($0, 2)
    next
}

/ LOG:  statement: / {
    flush()
    stmt = substr($0, index($0, " LOG:  statement: ") + 18)
    mode = "stmt"
    next
}

/ LOG:  execute [^:]*: / {
    flush()
    s = $0
    s = substr(s, index(s, " LOG:  execute ") + 15)
    stmt = substr(s, index(s, ": ") + 2)
    mode = "stmt"
    next
}

/ DETAIL:  parameters: / {
    detail = substr($0, index($0, " DETAIL:  parameters: ") + 22)
    mode = "detail"
    next
}

{ mode = "" }

END { flush() }
