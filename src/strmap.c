/*
 * strmap.c - linear-probing hash map (see strmap.h).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"
#include "banned.h"

unsigned long strhash(const char *s)
{
	/* FNV-1a: short keys, good spread, no dependency. */
	unsigned long h = 2166136261u;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key,
				       unsigned long h)
{
	size_t mask = m->cap - 1;
	size_t i = h & mask;

	for (;;) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = strmap_find(m, key, strhash(key));
	return s->key ? s->value : NULL;
}

static void strmap_resize(struct strmap *m, size_t cap)
{
	struct strmap old = *m;
	size_t i;

	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	m->len = 0;
	for (i = 0; i < old.cap; i++) {
		if (old.slots[i].key) {
			struct strmap_slot *s = strmap_find(m, old.slots[i].key, old.slots[i].hash);
			*s = old.slots[i];
			m->len++;
		}
	}
	free(old.slots);
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	unsigned long h = strhash(key);
	struct strmap_slot *s;
	void *prev;

	if ((m->len + 1) * 4 >= m->cap * 3)
		strmap_resize(m, m->cap ? m->cap * 2 : 16);
	s = strmap_find(m, key, h);
	if (s->key) {
		prev = s->value;
		s->value = value;
		return prev;
	}
	s->key = key;
	s->hash = h;
	s->value = value;
	m->len++;
	return NULL;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = 0;
	m->len = 0;
}
