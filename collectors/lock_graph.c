/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lock_graph.h"
#include "ipc_object.h"
#include "procindex.h"
#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CYCLE 32

/* A blocked request, who made it, and the lock that blocks it. */
struct edge {
	const struct proc_info *waiter;
	const struct ipc_object *request, *lock;
};

struct search {
	const struct edge *edges;
	size_t nedges;
	struct lock_wait path[MAX_CYCLE];
	size_t depth;
	struct lock_cycle *found;
	size_t nfound, cap;
};

static bool is_true(const struct ipc_object *obj, const char *json)
{
	const struct attr_value *v = ipc_object_attr_named(obj, json);
	return v && v->known && v->b;
}

static const char *text(const struct ipc_object *obj, const char *json)
{
	const struct attr_value *v = ipc_object_attr_named(obj, json);
	return v && v->known ? v->s : NULL;
}

static const struct ipc_object *lock_with_id(struct ipc_object *const *objs, size_t n,
					     const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!is_true(objs[i], "blocked") && objs[i]->id && strcmp(objs[i]->id, id) == 0)
			return objs[i];
	return NULL;
}

static bool same_pid(const struct ipc_object *a, const struct ipc_object *b)
{
	const struct attr_value *x = ipc_object_attr_named(a, "pid");
	const struct attr_value *y = ipc_object_attr_named(b, "pid");
	return x && y && x->known && y->known && x->i == y->i;
}

/* Whether the descriptor h is one the lock is held through. */
static bool held_through(const struct ipc_object *lock, const struct ipc_holder *h)
{
	for (size_t i = 0; i < lock->nholders; i++)
		if (h->via == VIA_FD && lock->holders[i].via == VIA_FD &&
		    lock->holders[i].proc == h->proc && lock->holders[i].fd == h->fd)
			return true;
	return false;
}

/*
 * Whether the lock is the request's own owner's, which the kernel never
 * makes a request wait for: a POSIX lock belongs to its process, a flock,
 * OFD lock or lease to its open file description, whose descriptors are
 * the lock's holders.  An OFD request does wait for a POSIX lock of its
 * own process, and a second description's flock for the first one's.
 */
static bool own_lock(const struct ipc_object *request, const struct ipc_object *lock)
{
	const char *type = text(lock, "type"), *request_type = text(request, "type");

	if (!type || !request_type || strcmp(type, request_type) != 0)
		return false;
	if (strcmp(type, "posix") == 0)
		return same_pid(request, lock);
	return held_through(lock, &request->holders[0]);
}

static bool on_path(const struct search *s, int pid)
{
	for (size_t i = 0; i < s->depth; i++)
		if (s->path[i].proc->pid == pid)
			return true;
	return false;
}

static void record(struct search *s)
{
	if (s->nfound == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->found = xreallocarray(s->found, s->cap, sizeof(*s->found));
	}
	struct lock_cycle *c = &s->found[s->nfound++];
	c->n = s->depth;
	c->steps = xmalloc(s->depth * sizeof(*c->steps));
	memcpy(c->steps, s->path, s->depth * sizeof(*c->steps));
}

/* Extend the path from the process at its end; `start` is the lowest pid the cycle may have. */
static void walk(struct search *s, const struct proc_info *at, int start)
{
	if (s->depth == MAX_CYCLE)
		return;
	for (size_t i = 0; i < s->nedges; i++) {
		const struct edge *e = &s->edges[i];
		if (e->waiter != at)
			continue;
		s->path[s->depth++] = (struct lock_wait){ at, e->request, e->lock };
		for (size_t h = 0; h < e->lock->nholders; h++) {
			const struct proc_info *next = e->lock->holders[h].proc;
			bool seen_before = false;
			/* A lock held through several descriptors of one process is one step. */
			for (size_t k = 0; k < h; k++)
				seen_before |= e->lock->holders[k].proc == next;
			if (seen_before)
				continue;
			/* Waiting for a lock it holds itself, through another open file
			 * description: a cycle of one. */
			if (next == at) {
				if (s->depth == 1)
					record(s);
				continue;
			}
			if (next->pid == start)
				record(s);
			else if (next->pid > start && !on_path(s, next->pid))
				walk(s, next, start);
		}
		s->depth--;
	}
}

size_t lock_find_cycles(struct ipc_object *const *objs, size_t n, struct lock_cycle **out)
{
	struct edge *edges = xcalloc(n ? n : 1, sizeof(*edges));
	struct search s = { .edges = edges };

	for (size_t i = 0; i < n; i++) {
		const struct attr_value *by = ipc_object_attr_named(objs[i], "blocked_by");
		if (!is_true(objs[i], "blocked") || !by || !by->known || !objs[i]->nholders)
			continue;
		const struct ipc_object *lock = lock_with_id(objs, n, by->s);
		if (lock && !own_lock(objs[i], lock))
			edges[s.nedges++] = (struct edge){ objs[i]->holders[0].proc, objs[i], lock };
	}
	for (size_t i = 0; i < s.nedges; i++) {
		bool first = true;
		for (size_t j = 0; j < i; j++)
			first &= edges[j].waiter != edges[i].waiter;
		if (first)
			walk(&s, edges[i].waiter, edges[i].waiter->pid);
	}
	free(edges);
	*out = s.found;
	return s.nfound;
}

void lock_cycles_free(struct lock_cycle *cycles, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cycles[i].steps);
	free(cycles);
}

static const char *text_or_unknown(const struct ipc_object *obj, const char *json)
{
	const struct attr_value *v = ipc_object_attr_named(obj, json);
	return v && v->known ? v->s : "?";
}

const char *lock_wait_type(const struct lock_wait *w)
{
	return text_or_unknown(w->lock, "type");
}

const char *lock_wait_mode(const struct lock_wait *w)
{
	return text_or_unknown(w->request, "lock_mode");
}
