/*
 * config.c - retort.conf, DATABASE_URL and defaults (see config.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "filter.h"
#include "strbuf.h"
#include "banned.h"

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->models = "models";
	cfg->migrations = "generated";
	cfg->templates = "templates";
	cfg->version_table = "retort_version";
	cfg->read_connections = 2;
	cfg->lock_timeout = -1;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Cuts a " ; comment" or " # comment" that follows whitespace. */
static void strip_comment(char *s)
{
	char *p;

	for (p = s; *p; p++) {
		if ((*p == ';' || *p == '#') && (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

static void push_csv(struct arena *a, struct ptrvec *v, const char *value)
{
	const char *p = value;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *item = trim(arena_strndup(a, p, n));

		if (*item)
			ptrvec_push(a, v, item);
		p += n;
		if (*p == ',')
			p++;
	}
}

static int set_key(struct config *cfg, struct arena *a, const char *key, char *value,
		   const char *path, int line, struct diags *d)
{
	if (strcmp(key, "database") == 0) {
		cfg->database = arena_strdup(a, value);
	} else if (strcmp(key, "models") == 0) {
		cfg->models = arena_strdup(a, value);
	} else if (strcmp(key, "migrations") == 0) {
		cfg->migrations = arena_strdup(a, value);
	} else if (strcmp(key, "templates") == 0) {
		cfg->templates = arena_strdup(a, value);
	} else if (strcmp(key, "version_table") == 0) {
		cfg->version_table = arena_strdup(a, value);
	} else if (strcmp(key, "schemas") == 0 || strcmp(key, "schema") == 0) {
		push_csv(a, &cfg->schemas, value);
	} else if (strcmp(key, "include") == 0) {
		ptrvec_push(a, &cfg->include, arena_strdup(a, value));
	} else if (strcmp(key, "exclude") == 0) {
		ptrvec_push(a, &cfg->exclude, arena_strdup(a, value));
	} else if (strcmp(key, "lock_timeout") == 0) {
		char *end;
		errno = 0;
		cfg->lock_timeout = strtod(value, &end);
		if (errno || end == value || *trim(end)) {
			diag_error(d, path, line, "lock_timeout must be a number of seconds, not '%s'", value);
			return -1;
		}
	} else if (strcmp(key, "read_connections") == 0) {
		if (strcmp(value, "1") != 0 && strcmp(value, "2") != 0) {
			diag_error(d, path, line, "read_connections must be 1 or 2, not '%s'", value);
			return -1;
		}
		cfg->read_connections = value[0] - '0';
	} else {
		static const char *const known[] = {
			"database", "models", "migrations", "templates", "version_table",
			"schemas", "include", "exclude", "lock_timeout", "read_connections",
		};
		const char *near = nearest_name(key, known, sizeof(known) / sizeof(known[0]));

		if (near)
			diag_error(d, path, line, "unknown setting '%s'; did you mean '%s'?", key, near);
		else
			diag_error(d, path, line, "unknown setting '%s'", key);
		return -1;
	}
	return 0;
}

static int parse_line(struct config *cfg, struct arena *a, char *line, int lineno,
		      const char *path, bool *in_retort, struct diags *d)
{
	char *eq, *key, *value;

	line = trim(line);
	if (!*line || *line == ';' || *line == '#')
		return 0;
	if (*line == '[') {
		char *end = strchr(line, ']');
		if (!end || *trim(end + 1)) {
			diag_error(d, path, lineno, "malformed section header '%s'", line);
			return -1;
		}
		*end = '\0';
		*in_retort = strcmp(trim(line + 1), "retort") == 0;
		return 0;
	}
	eq = strchr(line, '=');
	if (!eq) {
		diag_error(d, path, lineno, "expected 'key = value', got '%s'", line);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	value = eq + 1;
	/* Patterns and conninfo strings may contain '#' or ';': only cut comments elsewhere. */
	if (strcmp(key, "include") && strcmp(key, "exclude") && strcmp(key, "database"))
		strip_comment(value);
	value = trim(value);
	if (!*in_retort)
		return 0;	/* other sections belong to other tools */
	return set_key(cfg, a, key, value, path, lineno, d);
}

int config_read_file(struct config *cfg, struct arena *a, const char *path,
		     bool must_exist, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	bool in_retort = true;
	char *line, *next;
	int lineno = 0, rc = 0;
	size_t before = d->nerrors;

	if (strbuf_read_file(&sb, path, 1 << 20) < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		diag_error(d, path, 0, "cannot read configuration file: %s", strerror(errno));
		return -1;
	}
	if (memchr(sb.buf, '\0', sb.len)) {
		diag_error(d, path, 0, "configuration file contains a NUL byte; is it a text file?");
		strbuf_release(&sb);
		return -1;
	}
	cfg->file = arena_strdup(a, path);
	for (line = sb.buf; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		parse_line(cfg, a, line, lineno, path, &in_retort, d);
	}
	strbuf_release(&sb);
	if (d->nerrors > before)
		rc = -1;
	return rc;
}

void config_apply_env(struct config *cfg)
{
	const char *url = getenv("DATABASE_URL");

	if (url && *url)
		cfg->database = url;
}

int config_compile_filter(struct config *cfg, struct diags *d)
{
	if (!cfg->include.len && !cfg->exclude.len)
		return 0;
	cfg->filter = filter_new((const char *const *)cfg->include.items, cfg->include.len,
				 (const char *const *)cfg->exclude.items, cfg->exclude.len,
				 cfg->file, d);
	return cfg->filter ? 0 : -1;
}

const char *conninfo_redact(struct arena *a, const char *conninfo)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *r;
	char *out;

	if (!conninfo)
		return "(libpq defaults)";
	p = conninfo;
	if (strncmp(p, "postgres://", 11) == 0 || strncmp(p, "postgresql://", 13) == 0) {
		const char *auth = strstr(p, "://") + 3;
		const char *at = strchr(auth, '@');
		const char *colon = strchr(auth, ':');
		const char *slash = strchr(auth, '/');

		if (at && (!slash || at < slash) && colon && colon < at) {
			strbuf_add(&sb, p, (size_t)(colon - p) + 1);
			strbuf_addstr(&sb, "***");
			p = at;
		}
		/* A password may also travel as ?password=... */
	}
	while ((r = strstr(p, "password")) != NULL) {
		const char *v = r + 8;
		while (*v == ' ')
			v++;
		if (*v != '=') {
			strbuf_add(&sb, p, (size_t)(v - p));
			p = v;
			continue;
		}
		v++;
		while (*v == ' ')
			v++;
		strbuf_add(&sb, p, (size_t)(v - p));
		strbuf_addstr(&sb, "***");
		if (*v == '\'') {
			for (v++; *v && *v != '\''; v++)
				if (*v == '\\' && v[1])
					v++;
			if (*v)
				v++;
		} else {
			while (*v && *v != ' ' && *v != '&')
				v++;
		}
		p = v;
	}
	strbuf_addstr(&sb, p);
	out = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return out;
}
