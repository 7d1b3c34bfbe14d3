/*
 * check_order.c - the dependency sort on change lists made by hand.
 *
 * The three edge rules (providers before needers, releasers before
 * removers, removers before providers), the tie-break that makes output
 * independent of input order, and a real cycle being refused.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diff.h"
#include "order.h"
#include "testutil.h"

static struct change *mk(struct arena *a, struct change_list *l, struct catalog *c,
			 enum change_kind kind, const char *table)
{
	struct change *ch = arena_alloc(a, sizeof(*ch));
	struct table *t = catalog_find_table(c, "public", table);

	if (!t)
		t = catalog_add_table(c, "public", table);
	ch->kind = kind;
	ch->obj = &t->o;
	ch->table = t;
	ch->seq = l->items.len;
	ptrvec_push(a, &l->items, ch);
	return ch;
}

static void key(struct arena *a, struct change *ch, enum dep_kind k, const char *key)
{
	ptrvec_push(a, &ch->deps[k], arena_strdup(a, key));
}

static size_t pos(const struct change_list *l, const struct change *ch)
{
	size_t i;

	for (i = 0; i < l->items.len; i++)
		if (l->items.items[i] == ch)
			return i;
	ck_abort_msg("change not in list");
	return 0;
}

START_TEST(edges_follow_the_three_rules)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct change_list l;
	struct change *drop_fk, *drop_tbl, *create_tbl, *add_col;

	memset(&l, 0, sizeof(l));
	l.desired = l.current = c;
	/* Created in the worst order for a naive sort. */
	add_col = mk(&a, &l, c, CH_COLUMN_ADD, "a");
	create_tbl = mk(&a, &l, c, CH_TABLE_CREATE, "z");
	drop_tbl = mk(&a, &l, c, CH_TABLE_DROP, "b");
	drop_fk = mk(&a, &l, c, CH_CONSTRAINT_DROP, "y");
	key(&a, add_col, DEP_NEEDS, "r:z");		/* needs the new table */
	key(&a, create_tbl, DEP_PROVIDES, "r:z");
	key(&a, create_tbl, DEP_NEEDS, "n:s");
	key(&a, drop_fk, DEP_RELEASES, "r:b");		/* the FK pointed at b */
	key(&a, drop_tbl, DEP_REMOVES, "r:b");
	key(&a, drop_tbl, DEP_REMOVES, "r:z");		/* z is recreated after b's z goes */
	ck_assert_int_eq(order_changes(&a, &l), 0);
	ck_assert_uint_lt(pos(&l, create_tbl), pos(&l, add_col));
	ck_assert_uint_lt(pos(&l, drop_fk), pos(&l, drop_tbl));
	ck_assert_uint_lt(pos(&l, drop_tbl), pos(&l, create_tbl));
	catalog_free(c);
	arena_release(&a);
}
END_TEST

START_TEST(input_order_does_not_matter)
{
	const char *names[] = { "m", "c", "x", "a", "q" };
	char *first = NULL;
	int round;

	for (round = 0; round < 2; round++) {
		struct arena a = ARENA_INIT;
		struct catalog *c = catalog_new(&a);
		struct change_list l;
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		memset(&l, 0, sizeof(l));
		for (i = 0; i < 5; i++) {
			const char *n = names[round ? 4 - i : i];
			mk(&a, &l, c, CH_TABLE_CREATE, n);
			mk(&a, &l, c, CH_TABLE_DROP, n);
		}
		ck_assert_int_eq(order_changes(&a, &l), 0);
		for (i = 0; i < l.items.len; i++) {
			const struct change *ch = l.items.items[i];
			strbuf_addf(&sb, "%s %s;", change_kind_name(ch->kind), ch->obj->name);
		}
		if (!first)
			first = strbuf_detach(&sb);
		else
			ck_assert_str_eq(sb.buf, first);
		strbuf_release(&sb);
		catalog_free(c);
		arena_release(&a);
	}
	/* Creations (class 3) before drops of tables (class 4), each by name. */
	ck_assert_str_eq(first, "table create a;table create c;table create m;table create q;"
				"table create x;table drop a;table drop c;table drop m;table drop q;"
				"table drop x;");
	free(first);
}
END_TEST

START_TEST(a_cycle_is_refused)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct change_list l;
	struct change *x, *y;

	memset(&l, 0, sizeof(l));
	x = mk(&a, &l, c, CH_COLUMN_ADD, "x");
	y = mk(&a, &l, c, CH_COLUMN_ADD, "y");
	key(&a, x, DEP_NEEDS, "c:y");
	key(&a, x, DEP_PROVIDES, "c:x");
	key(&a, y, DEP_NEEDS, "c:x");
	key(&a, y, DEP_PROVIDES, "c:y");
	ck_assert_int_eq(order_changes(&a, &l), -1);
	/* The list is left as it was. */
	ck_assert_ptr_eq(l.items.items[0], x);
	ck_assert_ptr_eq(l.items.items[1], y);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

START_TEST(empty_list)
{
	struct arena a = ARENA_INIT;
	struct change_list l;

	memset(&l, 0, sizeof(l));
	ck_assert_int_eq(order_changes(&a, &l), 0);
	ck_assert_uint_eq(l.items.len, 0);
	arena_release(&a);
}
END_TEST

static Suite *order_suite(void)
{
	Suite *s = suite_create("order");
	TCase *tc = tcase_create("order");

	tcase_add_test(tc, edges_follow_the_three_rules);
	tcase_add_test(tc, input_order_does_not_matter);
	tcase_add_test(tc, a_cycle_is_refused);
	tcase_add_test(tc, empty_list);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(order_suite)
