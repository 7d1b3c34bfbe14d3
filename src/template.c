/*
 * template.c - the {name} expander (see template.h): one pass over the
 * template, copying text and looking up each placeholder through the
 * caller's callback.
 */
#include <string.h>

#include "template.h"
#include "banned.h"

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int line_of(const char *start, const char *p)
{
	int line = 1;

	for (; start < p; start++)
		if (*start == '\n')
			line++;
	return line;
}

int template_render(const char *tmpl, const char *(*lookup)(void *arg, const char *name),
		    void *arg, struct strbuf *out, struct strbuf *err)
{
	const char *p = tmpl;

	while (*p) {
		const char *brace = strchr(p, '{');
		const char *name, *end, *value;
		char key[64];

		if (!brace) {
			strbuf_addstr(out, p);
			break;
		}
		strbuf_add(out, p, (size_t)(brace - p));
		if (brace[1] == '{') {
			strbuf_addch(out, '{');
			p = brace + 2;
			continue;
		}
		name = brace + 1;
		for (end = name; is_name_char(*end); end++)
			;
		if (*end != '}' || end == name) {
			strbuf_addf(err, "line %d: unterminated or malformed placeholder "
				    "(write '{{' for a literal brace)", line_of(tmpl, brace));
			return -1;
		}
		if ((size_t)(end - name) >= sizeof(key)) {
			strbuf_addf(err, "line %d: placeholder name too long", line_of(tmpl, brace));
			return -1;
		}
		memcpy(key, name, (size_t)(end - name));
		key[end - name] = '\0';
		value = lookup(arg, key);
		if (!value) {
			strbuf_addf(err, "line %d: unknown placeholder '{%s}'", line_of(tmpl, brace), key);
			return -1;
		}
		strbuf_addstr(out, value);
		p = end + 1;
	}
	return 0;
}
