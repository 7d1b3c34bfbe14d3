/*
 * cmd_history.c - the history commands: apply, upgrade, downgrade (online
 * and --sql), current, history, heads, branches, show, merge and stamp.
 *
 * Option parsing here is by hand rather than getopt: downgrade targets
 * like "-2" and history ranges like "-3:current" look like options to
 * getopt but are arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "db.h"
#include "diag.h"
#include "migfile.h"
#include "revgraph.h"
#include "runner.h"
#include "banned.h"

/* ------------------------------------------------------------ arguments */

struct args {
	const char *cmd;
	int argc;
	char **argv;
	int i;			/* next argument */
	bool no_more_options;	/* after "--" */
	bool long_option;	/* the last option had two dashes */
	struct ptrvec positional;
};

/* An option-looking argument that is really a negative relative target. */
static bool is_negative_number(const char *s)
{
	if (s[0] != '-' || s[1] < '0' || s[1] > '9')
		return false;
	for (s++; *s && *s != ':'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * Returns the next option (without its dashes, e.g. "sql" or "m"), or NULL
 * when the arguments are used up; positional arguments are collected on
 * the way.
 */
static const char *next_option(struct retort_ctx *ctx, struct args *it)
{
	while (it->i < it->argc) {
		char *a = it->argv[it->i++];

		if (!it->no_more_options && strcmp(a, "--") == 0) {
			it->no_more_options = true;
			continue;
		}
		if (it->no_more_options || a[0] != '-' || a[1] == '\0' || is_negative_number(a)) {
			ptrvec_push(&ctx->arena, &it->positional, a);
			continue;
		}
		it->long_option = a[1] == '-';
		return it->long_option ? a + 2 : a + 1;
	}
	return NULL;
}

/* True when opt is --long_name (or -short_name when short_name is set). */
static bool is_opt(const struct args *it, const char *opt, const char *long_name, const char *short_name)
{
	if (it->long_option)
		return strcmp(opt, long_name) == 0;
	return short_name && strcmp(opt, short_name) == 0;
}

/*
 * For an option with a value: "--name=value", "--name value", "-x value"
 * or "-xvalue". Returns the value, or NULL after a usage error.
 */
static const char *opt_value(struct args *it, const char *opt, const char *long_name, const char **name_out)
{
	size_t n = strlen(long_name);

	*name_out = long_name;
	if (it->long_option && strncmp(opt, long_name, n) == 0 && opt[n] == '=')
		return opt + n + 1;
	if (!it->long_option && opt[1])
		return opt + 1;		/* -mVALUE */
	if (it->i < it->argc)
		return it->argv[it->i++];
	command_usage_error(it->cmd, "option '%s' needs a value", it->argv[it->i - 1]);
	return NULL;
}

static bool opt_matches_value(const struct args *it, const char *opt, const char *long_name, char short_name)
{
	size_t n = strlen(long_name);

	if (it->long_option)
		return strncmp(opt, long_name, n) == 0 && (opt[n] == '\0' || opt[n] == '=');
	return short_name && opt[0] == short_name;
}

static int parse_seconds(const char *cmd, const char *value, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(value, &end);
	if (!*value || *end || errno || *out < 0)
		return command_usage_error(cmd, "--lock-timeout needs a number of seconds, not '%s'", value);
	return EXIT_OK;
}

static void args_init(struct args *it, const char *cmd, int argc, char **argv)
{
	memset(it, 0, sizeof(*it));
	it->cmd = cmd;
	it->argc = argc;
	it->argv = argv;
	it->i = 1;
}

/* Options shared by apply, upgrade and downgrade. */
struct run_args {
	struct run_options opt;
	bool sql;
};

static int parse_run_args(struct retort_ctx *ctx, struct args *it, struct run_args *ra, bool allow_sql)
{
	const char *opt, *name, *v;

	memset(ra, 0, sizeof(*ra));
	ra->opt.lock_timeout = ctx->cfg.lock_timeout;
	while ((opt = next_option(ctx, it)) != NULL) {
		if (is_opt(it, opt, "single-transaction", NULL)) {
			ra->opt.single_transaction = true;
		} else if (is_opt(it, opt, "allow-changed", NULL)) {
			ra->opt.allow_changed = true;
		} else if (allow_sql && is_opt(it, opt, "sql", NULL)) {
			ra->sql = true;
		} else if (opt_matches_value(it, opt, "lock-timeout", 0)) {
			if (!(v = opt_value(it, opt, "lock-timeout", &name)))
				return EXIT_USAGE;
			if (parse_seconds(it->cmd, v, &ra->opt.lock_timeout) != EXIT_OK)
				return EXIT_USAGE;
		} else {
			return command_usage_error(it->cmd, "unknown option '%s'", it->argv[it->i - 1]);
		}
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------ apply, upgrade, downgrade */

int cmd_apply(struct retort_ctx *ctx, int argc, char **argv)
{
	struct args it;
	struct run_args ra;

	args_init(&it, "apply", argc, argv);
	if (parse_run_args(ctx, &it, &ra, false) != EXIT_OK)
		return EXIT_USAGE;
	if (it.positional.len)
		return command_usage_error("apply", "unexpected argument '%s' (apply always goes to heads; "
					   "use 'retort upgrade TARGET' for another target)",
					   (const char *)it.positional.items[0]);
	return runner_upgrade(ctx, "heads", &ra.opt);
}

static int upgrade_or_downgrade(struct retort_ctx *ctx, bool up, int argc, char **argv)
{
	const char *cmd = up ? "upgrade" : "downgrade";
	struct args it;
	struct run_args ra;
	const char *target;

	args_init(&it, cmd, argc, argv);
	if (parse_run_args(ctx, &it, &ra, true) != EXIT_OK)
		return EXIT_USAGE;
	if (it.positional.len != 1)
		return command_usage_error(cmd, it.positional.len ? "too many arguments" :
					   up ? "missing TARGET (head, heads, REV or +N)"
					      : "missing TARGET (base, REV or -N)");
	target = it.positional.items[0];
	if (ra.sql)
		return runner_offline(ctx, up, target, &ra.opt);
	if (strchr(target, ':'))
		return command_usage_error(cmd, "a FROM:TO range is only for --sql; online, the database "
					   "itself says where it stands");
	return up ? runner_upgrade(ctx, target, &ra.opt) : runner_downgrade(ctx, target, &ra.opt);
}

int cmd_upgrade(struct retort_ctx *ctx, int argc, char **argv)
{
	return upgrade_or_downgrade(ctx, true, argc, argv);
}

int cmd_downgrade(struct retort_ctx *ctx, int argc, char **argv)
{
	return upgrade_or_downgrade(ctx, false, argc, argv);
}

/* ------------------------------------------------------------ listing helpers */

/* The ", " before a message in one-line listings; nothing when it is empty. */
static const char *comma(const char *message)
{
	return *message ? ", " : "";
}

/* " (head) (branchpoint) (mergepoint)" for r. */
static void add_marks(struct strbuf *sb, const struct revision *r)
{
	if (!r->nchildren)
		strbuf_addstr(sb, " (head)");
	if (r->nchildren > 1)
		strbuf_addstr(sb, " (branchpoint)");
	if (r->nparents > 1)
		strbuf_addstr(sb, " (mergepoint)");
}

/* Applied revisions none of whose children are applied. */
static bool is_applied_head(const struct revision *r, const unsigned char *applied)
{
	size_t i;

	if (!applied[r->order])
		return false;
	for (i = 0; i < r->nchildren; i++)
		if (applied[r->children[i]->order])
			return false;
	return true;
}

static int connect_and_read(struct retort_ctx *ctx, const struct revgraph *g, struct applied_set *set)
{
	PGconn *conn = ctx_connect(ctx);
	int rc;

	if (!conn)
		return EXIT_DATABASE;
	rc = runner_read_applied(ctx, conn, g, set);
	db_close(conn);
	return rc;
}

static const struct applied_rev *find_row(const struct applied_set *set, const struct revision *r)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->rows[i].rev == r)
			return &set->rows[i];
	return NULL;
}

/* ------------------------------------------------------------ current */

int cmd_current(struct retort_ctx *ctx, int argc, char **argv)
{
	struct args it;
	const char *opt;
	bool verbose = false;
	struct revgraph *g;
	struct applied_set set;
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0;
	int rc;

	args_init(&it, "current", argc, argv);
	while ((opt = next_option(ctx, &it)) != NULL) {
		if (is_opt(&it, opt, "verbose", NULL))
			verbose = true;
		else
			return command_usage_error("current", "unknown option '%s'", argv[it.i - 1]);
	}
	if (it.positional.len)
		return command_usage_error("current", "unexpected argument '%s'", (const char *)it.positional.items[0]);
	g = runner_load_graph(ctx);
	if (!g)
		return EXIT_HISTORY;
	rc = connect_and_read(ctx, g, &set);
	for (i = g->n; rc == EXIT_OK && i > 0; i--) {
		const struct revision *r = g->revs[i - 1];
		const struct applied_rev *row;

		if (!is_applied_head(r, set.mark))
			continue;
		shown++;
		strbuf_reset(&sb);
		add_marks(&sb, r);
		row = find_row(&set, r);
		if (!verbose) {
			printf("%s%s%s%s\n", r->id, sb.buf, comma(r->m->message), r->m->message);
			continue;
		}
		printf("Revision: %s%s\nMessage: %s\nApplied: %s\nChecksum: %s (%s)\nFile: %s\n\n", r->id, sb.buf,
		       r->m->message, row->applied_at, row->checksum,
		       strcmp(row->checksum, r->m->checksum) == 0 ? "matches the file" : "the file has changed since",
		       r->m->path);
	}
	for (i = 0; rc == EXIT_OK && i < set.n; i++)
		if (!set.rows[i].rev)
			printf("%s (unknown revision)%s%s\n", set.rows[i].revision, comma(set.rows[i].message),
			       set.rows[i].message);
	if (rc == EXIT_OK && set.nunknown) {
		runner_report_unknown(ctx, &set);
		rc = EXIT_HISTORY;
	}
	if (rc == EXIT_OK && !shown)
		printf("(no revision applied)\n");
	strbuf_release(&sb);
	revgraph_free(g);
	return rc;
}

/* ------------------------------------------------------------ history */

/*
 * The revisions one end of a range names, pushed on starts: "current" is
 * the applied heads, "base" nothing, "head(s)" the heads; an empty end (or
 * head(s) as the upper end) sets *all instead.
 */
static int range_end(const struct revgraph *g, const char *spec, bool lower, const unsigned char *applied,
		     struct ptrvec *starts, struct arena *a, bool *all)
{
	struct strbuf err = STRBUF_INIT;
	struct revision *r;
	size_t i;

	*all = false;
	if (!*spec || ((strcmp(spec, "heads") == 0 || strcmp(spec, "head") == 0) && !lower)) {
		*all = true;
		return EXIT_OK;
	}
	if (strcmp(spec, "heads") == 0 || strcmp(spec, "head") == 0) {
		for (i = 0; i < g->nheads; i++)
			ptrvec_push(a, starts, g->heads[i]);
		return EXIT_OK;
	}
	if (strcmp(spec, "base") == 0)
		return EXIT_OK;
	if (strcmp(spec, "current") == 0) {
		for (i = 0; i < g->n; i++)
			if (is_applied_head(g->revs[i], applied))
				ptrvec_push(a, starts, g->revs[i]);
		return EXIT_OK;
	}
	r = revgraph_resolve(g, spec, &err);
	if (!r) {
		msg_error("%s", err.buf);
		msg_hint("'retort history' lists the revisions; ranges look like base:head, abc:, :abc, -3:current.");
		strbuf_release(&err);
		return EXIT_HISTORY;
	}
	ptrvec_push(a, starts, r);
	strbuf_release(&err);
	return EXIT_OK;
}

/*
 * Fills select for RANGE "LOWER:UPPER": descendants-or-self of LOWER that
 * are ancestors-or-self of UPPER. LOWER "-N" keeps the N revisions before
 * UPPER (and UPPER itself) in topological order.
 */
static int select_range(struct retort_ctx *ctx, const struct revgraph *g, const char *range,
			const unsigned char *applied, unsigned char *select)
{
	const char *colon = strchr(range, ':');
	const char *lower, *upper;
	struct ptrvec lo = PTRVEC_INIT, up = PTRVEC_INIT;
	unsigned char *below = xcalloc(g->n + 1, 1);
	bool lo_all, up_all;
	size_t i, keep = 0;
	bool relative;
	int rc;

	if (!colon) {
		free(below);
		return command_usage_error("history", "invalid range '%s' (expected LOWER:UPPER, e.g. base:head, abc:, -3:current)",
					   range);
	}
	lower = arena_strndup(&ctx->arena, range, (size_t)(colon - range));
	upper = colon + 1;
	relative = is_negative_number(lower);
	rc = range_end(g, upper, false, applied, &up, &ctx->arena, &up_all);
	if (rc == EXIT_OK && !relative)
		rc = range_end(g, lower, true, applied, &lo, &ctx->arena, &lo_all);
	if (rc != EXIT_OK) {
		free(below);
		return rc;
	}
	if (up_all)
		memset(select, 1, g->n);
	else
		revgraph_mark_ancestors(g, (struct revision *const *)up.items, up.len, select);
	if (relative) {
		keep = (size_t)strtoul(lower + 1, NULL, 10) + 1;
		for (i = g->n; i > 0; i--)
			if (select[i - 1] && keep > 0)
				keep--;
			else
				select[i - 1] = 0;
	} else if (!lo_all && lo.len) {
		revgraph_mark_descendants(g, (struct revision *const *)lo.items, lo.len, below);
		for (i = 0; i < g->n; i++)
			select[i] &= below[i];
	}
	free(below);
	return EXIT_OK;
}

static bool range_needs_db(const char *range)
{
	return range && strstr(range, "current") != NULL;
}

static void print_history_entry(const struct revgraph *g, const struct revision *r, bool verbose,
				const unsigned char *applied)
{
	struct strbuf marks = STRBUF_INIT;

	add_marks(&marks, r);
	if (applied && is_applied_head(r, applied))
		strbuf_addstr(&marks, " (current)");
	else if (applied && !applied[r->order])
		strbuf_addstr(&marks, " (pending)");
	if (verbose) {
		printf("Rev: %s%s\nParents: %s\n", r->id, marks.buf, revision_parents_text(g, r));
		if (r->nchildren) {
			size_t i;

			printf("Children:");
			for (i = 0; i < r->nchildren; i++)
				printf("%s %s", i ? "," : "", r->children[i]->id);
			printf("\n");
		}
		printf("Created: %s\nFile: %s\n%s\n    %s\n\n", r->m->created, r->m->path,
		       r->m->no_transaction ? "Runs outside a transaction (-- retort:no-transaction)" : "",
		       r->m->message);
	} else {
		printf("%s -> %s%s%s%s\n", r->nparents ? revision_parents_text(g, r) : "<base>", r->id,
		       marks.buf, comma(r->m->message), r->m->message);
	}
	strbuf_release(&marks);
}

int cmd_history(struct retort_ctx *ctx, int argc, char **argv)
{
	struct args it;
	const char *opt, *name, *range = NULL;
	bool verbose = false, indicate = false;
	struct revgraph *g;
	struct applied_set set;
	unsigned char *select = NULL;
	size_t i;
	int rc = EXIT_OK;

	args_init(&it, "history", argc, argv);
	while ((opt = next_option(ctx, &it)) != NULL) {
		if (is_opt(&it, opt, "verbose", NULL)) {
			verbose = true;
		} else if (is_opt(&it, opt, "indicate-current", "i")) {
			indicate = true;
		} else if (opt_matches_value(&it, opt, "rev-range", 'r')) {
			if (!(range = opt_value(&it, opt, "rev-range", &name)))
				return EXIT_USAGE;
		} else {
			return command_usage_error("history", "unknown option '%s'", argv[it.i - 1]);
		}
	}
	if (it.positional.len)
		return command_usage_error("history", "unexpected argument '%s' (use -r RANGE)",
					   (const char *)it.positional.items[0]);
	g = runner_load_graph(ctx);
	if (!g)
		return EXIT_HISTORY;
	memset(&set, 0, sizeof(set));
	if (indicate || range_needs_db(range))
		rc = connect_and_read(ctx, g, &set);
	select = xcalloc(g->n + 1, 1);
	if (rc == EXIT_OK && range)
		rc = select_range(ctx, g, range, set.mark, select);
	else if (rc == EXIT_OK)
		memset(select, 1, g->n);
	for (i = g->n; rc == EXIT_OK && i > 0; i--)
		if (select[i - 1])
			print_history_entry(g, g->revs[i - 1], verbose, indicate ? set.mark : NULL);
	if (rc == EXIT_OK && set.nunknown) {
		runner_report_unknown(ctx, &set);
		rc = EXIT_HISTORY;
	}
	free(select);
	revgraph_free(g);
	return rc;
}

/* ------------------------------------------------------------ heads, branches, show */

static int no_arguments(struct retort_ctx *ctx, const char *cmd, int argc, char **argv)
{
	struct args it;
	const char *opt;

	args_init(&it, cmd, argc, argv);
	if ((opt = next_option(ctx, &it)) != NULL)
		return command_usage_error(cmd, "unknown option '%s'", argv[it.i - 1]);
	if (it.positional.len)
		return command_usage_error(cmd, "unexpected argument '%s'", (const char *)it.positional.items[0]);
	return EXIT_OK;
}

int cmd_heads(struct retort_ctx *ctx, int argc, char **argv)
{
	struct strbuf marks = STRBUF_INIT;
	struct revgraph *g;
	size_t i;

	if (no_arguments(ctx, "heads", argc, argv) != EXIT_OK)
		return EXIT_USAGE;
	g = runner_load_graph(ctx);
	if (!g)
		return EXIT_HISTORY;
	for (i = 0; i < g->nheads; i++) {
		strbuf_reset(&marks);
		add_marks(&marks, g->heads[i]);
		printf("%s%s%s%s\n", g->heads[i]->id, marks.buf, comma(g->heads[i]->m->message),
		       g->heads[i]->m->message);
	}
	if (!g->nheads)
		msg_info("no revisions in '%s'", ctx->cfg.migrations);
	strbuf_release(&marks);
	revgraph_free(g);
	return EXIT_OK;
}

int cmd_branches(struct retort_ctx *ctx, int argc, char **argv)
{
	struct strbuf marks = STRBUF_INIT;
	struct revgraph *g;
	size_t i, j, n = 0;

	if (no_arguments(ctx, "branches", argc, argv) != EXIT_OK)
		return EXIT_USAGE;
	g = runner_load_graph(ctx);
	if (!g)
		return EXIT_HISTORY;
	for (i = g->n; i > 0; i--) {
		const struct revision *r = g->revs[i - 1];

		if (r->nchildren < 2)
			continue;
		n++;
		strbuf_reset(&marks);
		add_marks(&marks, r);
		printf("%s%s%s%s\n", r->id, marks.buf, comma(r->m->message), r->m->message);
		for (j = 0; j < r->nchildren; j++) {
			strbuf_reset(&marks);
			add_marks(&marks, r->children[j]);
			printf("    -> %s%s%s%s\n", r->children[j]->id, marks.buf,
			       comma(r->children[j]->m->message), r->children[j]->m->message);
		}
	}
	if (!n)
		msg_info("no branch points: the history is linear");
	strbuf_release(&marks);
	revgraph_free(g);
	return EXIT_OK;
}

/* Resolves REV for show/merge: an id, a prefix, or "head" when there is one. */
static struct revision *resolve_one(const struct revgraph *g, const char *spec)
{
	struct strbuf err = STRBUF_INIT;
	struct revision *r = NULL;

	if (strcmp(spec, "head") == 0 && g->nheads == 1)
		return g->heads[0];
	if (strcmp(spec, "head") == 0 && g->nheads == 0)
		strbuf_addf(&err, "there are no revisions in '%s'", g->dir);
	else if (strcmp(spec, "head") == 0)
		strbuf_addstr(&err, "several heads; name one of them ('retort heads' lists them)");
	else
		r = revgraph_resolve(g, spec, &err);
	if (!r) {
		msg_error("%s", err.buf);
		msg_hint("'retort history' lists the revisions; a unique prefix of an id is enough.");
	}
	strbuf_release(&err);
	return r;
}

int cmd_show(struct retort_ctx *ctx, int argc, char **argv)
{
	struct args it;
	struct strbuf marks = STRBUF_INIT;
	const struct revision *r;
	struct revgraph *g;
	const char *opt;
	size_t i;

	args_init(&it, "show", argc, argv);
	if ((opt = next_option(ctx, &it)) != NULL)
		return command_usage_error("show", "unknown option '%s'", argv[it.i - 1]);
	if (it.positional.len != 1)
		return command_usage_error("show", it.positional.len ? "too many arguments" : "missing REV");
	g = runner_load_graph(ctx);
	if (!g)
		return EXIT_HISTORY;
	r = resolve_one(g, it.positional.items[0]);
	if (!r) {
		revgraph_free(g);
		return EXIT_HISTORY;
	}
	add_marks(&marks, r);
	printf("Revision: %s%s\nParents: %s\nChildren:", r->id, marks.buf, revision_parents_text(g, r));
	for (i = 0; i < r->nchildren; i++)
		printf("%s %s", i ? "," : "", r->children[i]->id);
	printf("%s\nCreated: %s\nMessage: %s\nFile: %s\nChecksum: %s\n", r->nchildren ? "" : " none",
	       r->m->created, r->m->message, r->m->path, r->m->checksum);
	if (r->m->no_transaction)
		printf("Transaction: none (-- retort:no-transaction)\n");
	printf("\n-- retort:upgrade\n%s", r->m->upgrade);
	printf("-- retort:downgrade\n%s", r->m->downgrade);
	if (*r->m->downgrade && r->m->downgrade[strlen(r->m->downgrade) - 1] != '\n')
		printf("\n");
	strbuf_release(&marks);
	revgraph_free(g);
	return EXIT_OK;
}

/* ------------------------------------------------------------ merge */

static void add_unique(struct retort_ctx *ctx, struct ptrvec *v, struct revision *r)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (v->items[i] == r)
			return;
	ptrvec_push(&ctx->arena, v, r);
}

static int compare_ids(const void *x, const void *y)
{
	return strcmp((*(struct revision *const *)x)->id, (*(struct revision *const *)y)->id);
}

/* Refuses to merge a revision with its own ancestor: that joins nothing. */
static int check_independent(const struct revgraph *g, const struct ptrvec *revs)
{
	unsigned char *mark = xcalloc(g->n + 1, 1);
	size_t i, j;
	int rc = EXIT_OK;

	for (i = 0; i < revs->len && rc == EXIT_OK; i++) {
		struct revision *r = revs->items[i];

		memset(mark, 0, g->n);
		revgraph_mark_ancestors(g, &r, 1, mark);
		for (j = 0; j < revs->len; j++) {
			const struct revision *o = revs->items[j];

			if (i != j && mark[o->order]) {
				msg_error("revision %s is an ancestor of %s; merging them joins nothing", o->id, r->id);
				msg_hint("Merge heads of separate branches: 'retort heads' lists them.");
				rc = EXIT_USAGE;
				break;
			}
		}
	}
	free(mark);
	return rc;
}

int cmd_merge(struct retort_ctx *ctx, int argc, char **argv)
{
	struct args it;
	const char *opt, *name, *message = NULL, *path = NULL;
	struct ptrvec revs = PTRVEC_INIT;
	const char **parents;
	struct revgraph *g;
	size_t i, j;
	int rc = EXIT_OK;

	args_init(&it, "merge", argc, argv);
	while ((opt = next_option(ctx, &it)) != NULL) {
		if (opt_matches_value(&it, opt, "message", 'm')) {
			if (!(message = opt_value(&it, opt, "message", &name)))
				return EXIT_USAGE;
		} else {
			return command_usage_error("merge", "unknown option '%s'", argv[it.i - 1]);
		}
	}
	if (!message || !*message)
		return command_usage_error("merge", "missing -m MESSAGE");
	if (!it.positional.len)
		return command_usage_error("merge", "name the revisions to merge (or 'heads')");
	g = runner_load_graph(ctx);
	if (!g)
		return EXIT_HISTORY;
	for (i = 0; i < it.positional.len && rc == EXIT_OK; i++) {
		const char *spec = it.positional.items[i];

		if (strcmp(spec, "heads") == 0) {
			for (j = 0; j < g->nheads; j++)
				add_unique(ctx, &revs, g->heads[j]);
		} else {
			struct revision *r = resolve_one(g, spec);

			if (r)
				add_unique(ctx, &revs, r);
			else
				rc = EXIT_HISTORY;
		}
	}
	if (rc == EXIT_OK && revs.len < 2) {
		msg_error("nothing to merge: %s", revs.len ? "only one revision was named (there is one head)"
							   : "no revisions");
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK)
		rc = check_independent(g, &revs);
	if (rc == EXIT_OK) {
		qsort(revs.items, revs.len, sizeof(revs.items[0]), compare_ids);
		parents = arena_alloc(&ctx->arena, revs.len * sizeof(*parents));
		for (i = 0; i < revs.len; i++)
			parents[i] = ((struct revision *)revs.items[i])->id;
		rc = migfile_write(&ctx->arena, ctx->cfg.migrations, ctx->cfg.templates, parents, revs.len,
				   message, "", "", &path);
	}
	if (rc == EXIT_OK) {
		printf("%s\n", path);
		msg_info("wrote a merge migration joining %zu revisions", revs.len);
	}
	revgraph_free(g);
	return rc;
}

/* ------------------------------------------------------------ stamp */

int cmd_stamp(struct retort_ctx *ctx, int argc, char **argv)
{
	struct args it;
	const char *opt, *name, *v;
	bool purge = false;
	double lock_timeout = ctx->cfg.lock_timeout;

	args_init(&it, "stamp", argc, argv);
	while ((opt = next_option(ctx, &it)) != NULL) {
		if (is_opt(&it, opt, "purge", NULL)) {
			purge = true;
		} else if (opt_matches_value(&it, opt, "lock-timeout", 0)) {
			if (!(v = opt_value(&it, opt, "lock-timeout", &name)) ||
			    parse_seconds("stamp", v, &lock_timeout) != EXIT_OK)
				return EXIT_USAGE;
		} else {
			return command_usage_error("stamp", "unknown option '%s'", argv[it.i - 1]);
		}
	}
	if (!it.positional.len)
		return command_usage_error("stamp", "missing REV (base, head, heads, current or a revision)");
	return runner_stamp(ctx, (const char *const *)it.positional.items, it.positional.len, purge,
			    lock_timeout);
}
