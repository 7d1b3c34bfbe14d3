/*
 * check_template.c - the {name} expander: substitution, {{ escapes,
 * unknown and malformed placeholders.
 */
#include <string.h>

#include "strbuf.h"
#include "template.h"
#include "testutil.h"

static const char *lookup(void *arg, const char *name)
{
	(void)arg;
	if (strcmp(name, "who") == 0)
		return "world";
	if (strcmp(name, "braces") == 0)
		return "{who}";
	if (strcmp(name, "empty") == 0)
		return "";
	return NULL;
}

static int render(const char *tmpl, struct strbuf *out, struct strbuf *err)
{
	strbuf_reset(out);
	strbuf_reset(err);
	return template_render(tmpl, lookup, NULL, out, err);
}

START_TEST(substitutes)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	ck_assert_int_eq(render("hello {who}!{empty}\n", &out, &err), 0);
	ck_assert_str_eq(out.buf, "hello world!\n");
	/* Values are not expanded again. */
	ck_assert_int_eq(render("{braces}", &out, &err), 0);
	ck_assert_str_eq(out.buf, "{who}");
	ck_assert_int_eq(render("no placeholders } at all", &out, &err), 0);
	ck_assert_str_eq(out.buf, "no placeholders } at all");
	ck_assert_int_eq(render("", &out, &err), 0);
	ck_assert_str_eq(out.buf, "");
	strbuf_release(&out);
	strbuf_release(&err);
}
END_TEST

START_TEST(escapes)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	ck_assert_int_eq(render("{{who} {{{who}", &out, &err), 0);
	ck_assert_str_eq(out.buf, "{who} {world");
	strbuf_release(&out);
	strbuf_release(&err);
}
END_TEST

START_TEST(errors)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	ck_assert_int_eq(render("a\n{nope}", &out, &err), -1);
	ck_assert_str_eq(err.buf, "line 2: unknown placeholder '{nope}'");
	ck_assert_int_eq(render("x {who", &out, &err), -1);
	ck_assert(strstr(err.buf, "line 1: unterminated or malformed placeholder") != NULL);
	ck_assert_int_eq(render("x\n\n{}", &out, &err), -1);
	ck_assert(strstr(err.buf, "line 3:") != NULL);
	ck_assert_int_eq(render("{a b}", &out, &err), -1);
	ck_assert_int_eq(render("{", &out, &err), -1);
	strbuf_release(&out);
	strbuf_release(&err);
}
END_TEST

static Suite *template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("render");

	tcase_add_test(tc, substitutes);
	tcase_add_test(tc, escapes);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(template_suite)
