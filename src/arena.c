/*
 * arena.c - bump allocator in growing blocks, plus the checked malloc
 * wrappers every module uses.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "banned.h"

#define ARENA_MIN_BLOCK (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size;		/* usable bytes in data[] */
	size_t used;
	_Alignas(16) unsigned char data[];
};

static void out_of_memory(size_t size)
{
	fprintf(stderr, "retort: fatal: out of memory allocating %zu bytes\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory(size);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

static struct arena_block *arena_grow(struct arena *a, size_t need)
{
	size_t size = ARENA_MIN_BLOCK;
	struct arena_block *b;

	/* Double with the arena so big catalogs need few blocks. */
	if (a->total / 2 > size)
		size = a->total / 2;
	if (size > 16u * 1024 * 1024)
		size = 16u * 1024 * 1024;
	if (need > size)
		size = need;
	b = xmalloc(sizeof(*b) + size);
	b->next = a->head;
	b->size = size;
	b->used = 0;
	a->head = b;
	a->total += sizeof(*b) + size;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t start;
	void *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		out_of_memory(size);
	if (!b || b->size - b->used < size + ARENA_ALIGN)
		b = arena_grow(a, size + ARENA_ALIGN);
	start = (b->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	p = b->data + start;
	b->used = start + size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(0);
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void ptrvec_push(struct arena *a, struct ptrvec *v, void *item)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void **items = arena_alloc(a, cap * sizeof(*items));
		if (v->len)
			memcpy(items, v->items, v->len * sizeof(*items));
		v->items = items;
		v->cap = cap;
	}
	v->items[v->len++] = item;
}
