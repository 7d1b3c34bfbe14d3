# server_time.awk - sums the server time of each statement in a PostgreSQL
# log written with log_min_duration_statement = 0 (default stderr format).
#
#   awk -f bench/server_time.awk SERVER_LOG_PART
#
# Lines "LOG:  duration: 12.3 ms  parse|bind|execute <name>: SQL" and
# "LOG:  duration: 1.2 ms  statement: SQL" are grouped by the first line of
# their SQL (first 70 characters); prints "ms  count  statement" for the 8
# largest groups, then the total.

/ LOG:  duration: [0-9.]+ ms  / {
    s = $0
    s = substr(s, index(s, " LOG:  duration: ") + 17)
    ms = s + 0
    s = substr(s, index(s, " ms  ") + 5)
    s = substr(s, index(s, ": ") + 2)
    key = substr(s, 1, 70)
    t[key] += ms
    n[key]++
    total += ms
}

END {
    cnt = 0
    for (k in t)
        order[++cnt] = k
    # selection sort, largest first (few distinct statements)
    for (i = 1; i <= cnt; i++)
        for (j = i + 1; j <= cnt; j++)
            if (t[order[j]] > t[order[i]]) {
                tmp = order[i]; order[i] = order[j]; order[j] = tmp
            }
    for (i = 1; i <= cnt && i <= 8; i++)
        printf "%9.1f ms %5d x  %s\n", t[order[i]], n[order[i]], order[i]
    printf "%9.1f ms        total server time over %d distinct statements\n", total, cnt
}
