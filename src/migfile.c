/*
 * migfile.c - the migration file format (see migfile.h and
 * doc/migration-format.md): a line-oriented parser of the header and the
 * section markers, and the writer used by autogen, revision and merge.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "migfile.h"
#include "sha256.h"
#include "strbuf.h"
#include "template.h"
#include "banned.h"

#define MIGFILE_MAX_SIZE (64u << 20)	/* larger files are surely a mistake */

extern const char default_migration_template[];

bool migfile_valid_revision(const char *s)
{
	int i;

	for (i = 0; i < MIGFILE_REV_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[MIGFILE_REV_LEN] == '\0';
}

/* ------------------------------------------------------------------ parsing */

enum section { SEC_HEADER, SEC_UPGRADE, SEC_DOWNGRADE };

struct parse_state {
	struct arena *a;
	const char *path;
	struct diags *d;
	struct migration *m;
	enum section section;
	int line;			/* current line number */
	bool have_revision, have_parents, have_message, have_created;
	bool sql_in_header;		/* reported once */
	int upgrade_marker, downgrade_marker;	/* lines, 0: not seen */
	size_t upgrade_start, upgrade_end, downgrade_start;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims blanks from both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
	while (*s < *e && is_blank(**s))
		(*s)++;
	while (*e > *s && is_blank((*e)[-1]))
		(*e)--;
}

/*
 * A directive line is "-- retort:NAME" alone on its line. Returns NAME's
 * bounds through name and name_end, or false for any other line (including prose
 * comments like "-- retort: note").
 */
static bool directive_of(const char *s, const char *e, const char **name, const char **name_end)
{
	const char *p;

	trim(&s, &e);
	if (e - s < 2 || s[0] != '-' || s[1] != '-')
		return false;
	s += 2;
	while (s < e && is_blank(*s))
		s++;
	if ((size_t)(e - s) < 8 || memcmp(s, "retort:", 7) != 0)
		return false;
	s += 7;
	for (p = s; p < e; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
			return false;
	*name = s;
	*name_end = e;
	return true;
}

static bool span_is(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - s) == n && memcmp(s, word, n) == 0;
}

static bool span_is_nocase(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - s) == n && strncasecmp(s, word, n) == 0;
}

static void parse_parents(struct parse_state *ps, const char *s, const char *e)
{
	struct ptrvec ids = PTRVEC_INIT;
	bool saw_base = false;
	size_t i;

	while (s < e) {
		const char *w;
		char *id;

		while (s < e && (is_blank(*s) || *s == ','))
			s++;
		if (s == e)
			break;
		for (w = s; w < e && !is_blank(*w) && *w != ','; w++)
			;
		id = arena_strndup(ps->a, s, (size_t)(w - s));
		s = w;
		if (strcmp(id, "base") == 0) {
			saw_base = true;
			continue;
		}
		if (!migfile_valid_revision(id)) {
			diag_error(ps->d, ps->path, ps->line,
				   "invalid parent revision id '%s': expected 12 lowercase hex digits or 'base'", id);
			continue;
		}
		for (i = 0; i < ids.len; i++)
			if (strcmp(ids.items[i], id) == 0)
				break;
		if (i < ids.len) {
			diag_error(ps->d, ps->path, ps->line, "parent '%s' is listed twice", id);
			continue;
		}
		ptrvec_push(ps->a, &ids, id);
	}
	if (saw_base && ids.len) {
		diag_error(ps->d, ps->path, ps->line, "'base' cannot be combined with other parents");
	} else if (!saw_base && !ids.len) {
		diag_error(ps->d, ps->path, ps->line,
			   "empty 'Parents:' header: write 'base' for the first migration");
	}
	ps->m->parents = (const char **)ids.items;
	ps->m->nparents = ids.len;
}

/* "-- Key: value" in the header; other comments are ignored. */
static void parse_header_field(struct parse_state *ps, const char *s, const char *e)
{
	const char *key = s, *key_end, *val;

	while (s < e && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '-' || *s == '_'))
		s++;
	if (s == key || s == e || *s != ':')
		return;
	key_end = s;
	val = s + 1;
	trim(&val, &e);
	if (span_is_nocase(key, key_end, "revision")) {
		if (ps->have_revision) {
			diag_error(ps->d, ps->path, ps->line, "duplicate 'Revision:' header line");
			return;
		}
		ps->have_revision = true;
		ps->m->line_revision = ps->line;
		ps->m->revision = arena_strndup(ps->a, val, (size_t)(e - val));
		if (!migfile_valid_revision(ps->m->revision))
			diag_error(ps->d, ps->path, ps->line,
				   "invalid revision id '%s': expected 12 lowercase hex digits", ps->m->revision);
	} else if (span_is_nocase(key, key_end, "parents")) {
		if (ps->have_parents) {
			diag_error(ps->d, ps->path, ps->line, "duplicate 'Parents:' header line");
			return;
		}
		ps->have_parents = true;
		ps->m->line_parents = ps->line;
		parse_parents(ps, val, e);
	} else if (span_is_nocase(key, key_end, "message") && !ps->have_message) {
		ps->have_message = true;
		ps->m->message = arena_strndup(ps->a, val, (size_t)(e - val));
	} else if (span_is_nocase(key, key_end, "created") && !ps->have_created) {
		ps->have_created = true;
		ps->m->created = arena_strndup(ps->a, val, (size_t)(e - val));
	}
}

static void parse_directive(struct parse_state *ps, const char *name, const char *name_end,
			    size_t line_start, size_t next_line)
{
	if (span_is(name, name_end, "upgrade")) {
		if (ps->upgrade_marker) {
			diag_error(ps->d, ps->path, ps->line,
				   "duplicate '-- retort:upgrade' marker (first on line %d)", ps->upgrade_marker);
		} else if (ps->downgrade_marker) {
			diag_error(ps->d, ps->path, ps->line,
				   "'-- retort:upgrade' must come before '-- retort:downgrade' (line %d)",
				   ps->downgrade_marker);
		} else {
			ps->upgrade_marker = ps->line;
			ps->upgrade_start = next_line;
			ps->section = SEC_UPGRADE;
		}
	} else if (span_is(name, name_end, "downgrade")) {
		if (ps->downgrade_marker) {
			diag_error(ps->d, ps->path, ps->line,
				   "duplicate '-- retort:downgrade' marker (first on line %d)", ps->downgrade_marker);
			return;
		}
		ps->downgrade_marker = ps->line;
		if (!ps->upgrade_marker) {
			diag_error(ps->d, ps->path, ps->line,
				   "'-- retort:downgrade' comes before '-- retort:upgrade'");
			return;
		}
		ps->upgrade_end = line_start;
		ps->downgrade_start = next_line;
		ps->section = SEC_DOWNGRADE;
	} else if (span_is(name, name_end, "no-transaction")) {
		if (ps->section != SEC_HEADER)
			diag_error(ps->d, ps->path, ps->line,
				   "'-- retort:no-transaction' belongs in the header, before '-- retort:upgrade'");
		else
			ps->m->no_transaction = true;
	} else {
		diag_error(ps->d, ps->path, ps->line, "unknown directive '-- retort:%.*s'",
			   (int)(name_end - name), name);
	}
}

static void parse_line(struct parse_state *ps, const char *data, size_t start, size_t end,
		       size_t next_line)
{
	const char *s = data + start, *e = data + end, *name, *name_end;

	if (directive_of(s, e, &name, &name_end)) {
		parse_directive(ps, name, name_end, start, next_line);
		return;
	}
	if (ps->section != SEC_HEADER)
		return;
	trim(&s, &e);
	if (s == e)
		return;
	if (e - s >= 2 && s[0] == '-' && s[1] == '-') {
		s += 2;
		while (s < e && is_blank(*s))
			s++;
		parse_header_field(ps, s, e);
		return;
	}
	if (!ps->sql_in_header) {
		ps->sql_in_header = true;
		diag_error(ps->d, ps->path, ps->line,
			   "SQL before the '-- retort:upgrade' marker; the header holds only comment lines");
	}
}

static void check_required(struct parse_state *ps)
{
	if (!ps->have_revision)
		diag_error(ps->d, ps->path, 0, "missing 'Revision:' header line "
			   "(expected '-- Revision: <12 hex digits>' before '-- retort:upgrade')");
	if (!ps->have_parents)
		diag_error(ps->d, ps->path, 0, "missing 'Parents:' header line "
			   "(expected '-- Parents: base' or parent revision ids before '-- retort:upgrade')");
	if (!ps->upgrade_marker)
		diag_error(ps->d, ps->path, 0, "missing '-- retort:upgrade' marker line");
	if (!ps->downgrade_marker)
		diag_error(ps->d, ps->path, 0, "missing '-- retort:downgrade' marker line");
}

int migfile_parse(struct arena *a, const char *path, const char *data, size_t len,
		  struct migration **out, struct diags *d)
{
	struct parse_state ps;
	struct migration *m = arena_alloc(a, sizeof(*m));
	size_t errors_before = d->nerrors, pos = 0;
	const char *nul = memchr(data, '\0', len);

	memset(&ps, 0, sizeof(ps));
	ps.a = a;
	ps.path = path;
	ps.d = d;
	ps.m = m;
	m->path = arena_strdup(a, path);
	m->message = "";
	m->created = "";
	if (nul) {
		int line = 1;
		const char *p;

		for (p = data; p < nul; p++)
			line += *p == '\n';
		diag_error(d, path, line, "file contains a NUL byte; a migration must be text");
		return -1;
	}
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		size_t next = nl ? end + 1 : len;

		ps.line++;
		parse_line(&ps, data, pos, end, next);
		pos = next;
	}
	check_required(&ps);
	if (d->nerrors > errors_before)
		return -1;
	m->upgrade = arena_strndup(a, data + ps.upgrade_start, ps.upgrade_end - ps.upgrade_start);
	m->upgrade_line = ps.upgrade_marker + 1;
	m->downgrade = arena_strndup(a, data + ps.downgrade_start, len - ps.downgrade_start);
	m->downgrade_line = ps.downgrade_marker + 1;
	sha256_hex(data + ps.upgrade_start, ps.upgrade_end - ps.upgrade_start, m->checksum);
	*out = m;
	return 0;
}

int migfile_load(struct arena *a, const char *path, struct migration **out, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (strbuf_read_file(&sb, path, MIGFILE_MAX_SIZE) < 0) {
		diag_error(d, path, 0, "could not read migration file: %s", strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	rc = migfile_parse(a, path, sb.buf, sb.len, out, d);
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------------ writing */

struct render_vars {
	const char *revision, *parents, *created, *message, *upgrade, *downgrade;
	bool used_upgrade, used_downgrade;
};

static const char *lookup_var(void *arg, const char *name)
{
	struct render_vars *v = arg;

	if (strcmp(name, "revision") == 0)
		return v->revision;
	if (strcmp(name, "parents") == 0)
		return v->parents;
	if (strcmp(name, "created") == 0)
		return v->created;
	if (strcmp(name, "message") == 0)
		return v->message;
	if (strcmp(name, "upgrade") == 0) {
		v->used_upgrade = true;
		return v->upgrade;
	}
	if (strcmp(name, "downgrade") == 0) {
		v->used_downgrade = true;
		return v->downgrade;
	}
	return NULL;
}

/* "lowercase_words_of_the_message", at most 40 characters, maybe empty. */
static void make_slug(struct strbuf *out, const char *message)
{
	const char *p;
	size_t start = out->len;

	for (p = message; *p && out->len - start < 40; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			strbuf_addch(out, c);
		else if (out->len > start && out->buf[out->len - 1] != '_')
			strbuf_addch(out, '_');
	}
	while (out->len > start && out->buf[out->len - 1] == '_')
		strbuf_setlen(out, out->len - 1);
}

/* A copy of s with each run of line breaks and tabs turned into one space. */
static char *one_line(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *r;

	strbuf_add_oneline(&sb, s);
	r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* SQL without trailing blank lines, so the template decides the spacing. */
static char *trimmed_sql(struct arena *a, const char *sql)
{
	size_t n = sql ? strlen(sql) : 0;

	while (n > 0 && (sql[n - 1] == '\n' || sql[n - 1] == '\r' || sql[n - 1] == ' ' || sql[n - 1] == '\t'))
		n--;
	return arena_strndup(a, sql ? sql : "", n);
}

static int mkdir_p(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc = 0;

	strbuf_addstr(&sb, dir);
	for (i = 1; i <= sb.len && rc == 0; i++) {
		if (i < sb.len && sb.buf[i] != '/')
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0777) < 0 && errno != EEXIST)
			rc = -1;
		if (i < sb.len)
			sb.buf[i] = '/';
	}
	strbuf_release(&sb);
	return rc;
}

/* True when a file in dir has rev in its name (dir may not exist yet). */
static bool revision_in_use(const char *dir, const char *rev)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (!dh)
		return false;
	while (!found && (de = readdir(dh)) != NULL)
		found = strstr(de->d_name, rev) != NULL;
	closedir(dh);
	return found;
}

static int random_revision(char rev[MIGFILE_REV_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char bytes[MIGFILE_REV_LEN / 2];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got;
	int i;

	if (fd < 0)
		return -1;
	got = read(fd, bytes, sizeof(bytes));
	close(fd);
	if (got != (ssize_t)sizeof(bytes))
		return -1;
	for (i = 0; i < MIGFILE_REV_LEN / 2; i++) {
		rev[2 * i] = digits[bytes[i] >> 4];
		rev[2 * i + 1] = digits[bytes[i] & 15];
	}
	rev[MIGFILE_REV_LEN] = '\0';
	return 0;
}

static int load_template(struct strbuf *out, const char *templates_dir, struct strbuf *name)
{
	if (!templates_dir) {
		strbuf_addstr(name, "(built-in migration template)");
		strbuf_addstr(out, default_migration_template);
		return 0;
	}
	strbuf_addf(name, "%s/migration.sql.tmpl", templates_dir);
	if (strbuf_read_file(out, name->buf, 1u << 20) < 0) {
		msg_error("could not read migration template '%s': %s", name->buf, strerror(errno));
		msg_hint("Restore the file (retort init writes the default one) or point --templates at the folder that holds it.");
		return -1;
	}
	return 0;
}

static int write_atomically(const char *dir, const char *name, const struct strbuf *text)
{
	struct strbuf tmp = STRBUF_INIT, final = STRBUF_INIT;
	int fd, rc = -1;

	strbuf_addf(&tmp, "%s/.%s.tmp", dir, name);
	strbuf_addf(&final, "%s/%s", dir, name);
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		msg_error("could not create '%s': %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (write(fd, text->buf, text->len) != (ssize_t)text->len || fsync(fd) < 0) {
		msg_error("could not write '%s': %s", tmp.buf, strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp.buf, final.buf) < 0) {
		msg_error("could not write '%s': %s", final.buf, strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	/* Make the new name durable too; failure here loses nothing already written. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	rc = 0;
out:
	strbuf_release(&tmp);
	strbuf_release(&final);
	return rc;
}

/*
 * The SQL handed to migfile_write must not contain marker lines of its own:
 * they would split the file in the wrong place. Returns -1 after saying so.
 */
static int check_sql_has_no_markers(const char *what, const char *sql)
{
	const char *line = sql, *name, *name_end;
	int n = 1;

	while (*line) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line);

		if (directive_of(line, end, &name, &name_end)) {
			msg_error("the %s SQL contains a marker line '-- retort:%.*s' (its line %d); "
				  "a migration file cannot hold it", what, (int)(name_end - name), name, n);
			return -1;
		}
		if (!nl)
			break;
		line = nl + 1;
		n++;
	}
	return 0;
}

/* Parses the rendered text back: the template must give a valid migration. */
static int check_rendered(struct arena *a, const char *tmpl_name, const struct strbuf *text,
			  const struct render_vars *v, size_t nparents)
{
	struct diags d = DIAGS_INIT;
	struct migration *m = NULL;
	int rc = 0;

	if (!v->used_upgrade || !v->used_downgrade) {
		msg_error("template '%s' has no {%s} placeholder; the migration's SQL would be lost",
			  tmpl_name, v->used_upgrade ? "downgrade" : "upgrade");
		return -1;
	}
	if (migfile_parse(a, tmpl_name, text->buf, text->len, &m, &d) < 0 ||
	    strcmp(m->revision, v->revision) != 0 || m->nparents != nparents) {
		msg_error("template '%s' does not produce a valid migration header", tmpl_name);
		diag_print(&d);
		msg_hint("Compare it with doc/migration-format.md: it needs '-- Revision: {revision}', "
			 "'-- Parents: {parents}' and the '-- retort:upgrade' and '-- retort:downgrade' "
			 "marker lines (and the SQL must not contain marker lines itself).");
		rc = -1;
	}
	diag_release(&d);
	return rc;
}

static const char *parents_text(struct arena *a, const char *const *parents, size_t nparents)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < nparents; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", parents[i]);
	r = arena_strdup(a, nparents ? sb.buf : "base");
	strbuf_release(&sb);
	return r;
}

int migfile_write_as(struct arena *a, const char *migrations_dir, const char *templates_dir,
		     const char *rev, long long now,
		     const char *const *parents, size_t nparents, const char *message,
		     const char *upgrade_sql, const char *downgrade_sql, const char **path_out)
{
	struct strbuf tmpl = STRBUF_INIT, tmpl_name = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT, name = STRBUF_INIT;
	struct render_vars v;
	time_t t = (time_t)now;
	struct tm tm;
	char created[32], stamp[20];
	int rc = EXIT_USAGE;

	memset(&v, 0, sizeof(v));
	gmtime_r(&t, &tm);
	strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S UTC", &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d_%H%M%S", &tm);
	v.revision = rev;
	v.parents = parents_text(a, parents, nparents);
	v.created = created;
	v.message = one_line(a, message ? message : "");
	v.upgrade = trimmed_sql(a, upgrade_sql);
	v.downgrade = trimmed_sql(a, downgrade_sql);

	if (check_sql_has_no_markers("upgrade", v.upgrade) < 0 ||
	    check_sql_has_no_markers("downgrade", v.downgrade) < 0)
		goto out;
	if (load_template(&tmpl, templates_dir, &tmpl_name) < 0)
		goto out;
	if (template_render(tmpl.buf, lookup_var, &v, &text, &err) < 0) {
		msg_error("template '%s': %s", tmpl_name.buf, err.buf);
		goto out;
	}
	if (text.len == 0 || text.buf[text.len - 1] != '\n')
		strbuf_addch(&text, '\n');
	if (check_rendered(a, tmpl_name.buf, &text, &v, nparents) < 0)
		goto out;
	if (mkdir_p(migrations_dir) < 0) {
		msg_error("could not create migrations folder '%s': %s", migrations_dir, strerror(errno));
		goto out;
	}
	strbuf_addf(&name, "%s_%s", stamp, rev);
	strbuf_addch(&name, '_');
	make_slug(&name, v.message);
	if (name.buf[name.len - 1] == '_')
		strbuf_setlen(&name, name.len - 1);
	strbuf_addstr(&name, ".sql");
	if (write_atomically(migrations_dir, name.buf, &text) < 0)
		goto out;
	*path_out = arena_printf(a, "%s/%s", migrations_dir, name.buf);
	rc = EXIT_OK;
out:
	strbuf_release(&tmpl);
	strbuf_release(&tmpl_name);
	strbuf_release(&text);
	strbuf_release(&err);
	strbuf_release(&name);
	return rc;
}

int migfile_write(struct arena *a, const char *migrations_dir, const char *templates_dir,
		  const char *const *parents, size_t nparents, const char *message,
		  const char *upgrade_sql, const char *downgrade_sql, const char **path_out)
{
	char rev[MIGFILE_REV_LEN + 1];
	int tries;

	for (tries = 0; tries < 100; tries++) {
		if (random_revision(rev) < 0) {
			msg_error("could not read /dev/urandom for a new revision id: %s", strerror(errno));
			return EXIT_USAGE;
		}
		if (!revision_in_use(migrations_dir, rev))
			return migfile_write_as(a, migrations_dir, templates_dir, rev, (long long)time(NULL),
						parents, nparents, message, upgrade_sql, downgrade_sql,
						path_out);
	}
	msg_error("could not find an unused revision id in '%s'", migrations_dir);
	return EXIT_USAGE;
}
