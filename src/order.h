/*
 * order.h - putting changes in an order PostgreSQL accepts.
 *
 * The differ declares, for every change, which keys it needs, provides,
 * removes and releases (diff.h). order_changes() turns those into a
 * dependency graph (providers before needers, releasers before removers,
 * removers before providers of the same name) and sorts it topologically.
 * Among changes that are ready at the same time it picks by a fixed
 * priority (renames, then drops of dependents, then types and sequences,
 * then table by table, then drops of tables, types and schemas) and by
 * name, so identical inputs always give byte-identical scripts.
 *
 * Foreign keys of new tables are folded into their CREATE TABLE when the
 * referenced table exists earlier in the script; a cycle of references
 * (including a table referencing itself) is broken by leaving those
 * foreign keys as ALTER TABLE ... ADD CONSTRAINT after the tables.
 */
#ifndef RETORT_ORDER_H
#define RETORT_ORDER_H

#include "arena.h"
#include "diff.h"

/*
 * Reorders list->items in place. Folded foreign keys stay in the list,
 * right after their table, with folded_into set. Returns 0, or -1 after
 * printing an error when the changes depend on each other in a cycle
 * (the list is then left in its original order).
 */
int order_changes(struct arena *a, struct change_list *list);

/*
 * The group a change belongs to for layout: the emitter separates groups
 * with a blank line. Changes of one table share a group.
 */
int order_group_class(const struct change *ch);

#endif
