/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_GRAPH_H
#define IPCSCOPE_GRAPH_H

#include "graph_index.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct proc_info;
struct snapshot;

/* The version of the graph's JSON document, described by schema/ipcscope-graph.json. */
#define IPCSCOPE_GRAPH_SCHEMA "ipcscope-graph/1"

/* What a node stands for: --group decides what processes are drawn as. */
enum graph_grouping {
	GROUP_PROCESS,
	GROUP_COMMAND,
	GROUP_CONTAINER,
	GROUP_USER,
};

enum graph_node_type {
	NODE_PROCESS,
	NODE_OBJECT, /* one object several processes share: a segment, a queue */
	NODE_GROUP,  /* the processes of one command, container or user */
	NODE_PEERS,  /* the peers of a hub, folded into one */
};

struct graph_node {
	enum graph_node_type type;
	char *id;        /* stable: "process:PID", "object:KIND:ID", "command:NAME" ... */
	bool has_pid;
	int pid;
	char *command;   /* NULL when unknown, or not one process's */
	char *user;      /* NULL when unknown */
	char *container; /* NULL on the host, or when the members differ */
	const char *kind; /* an object's kind, or the kind of a hub's folded peers; else NULL */
	char *label;     /* as shown: raw text, each writer escapes it */
	size_t members;  /* a group's processes, a peers node's peers; 0 otherwise */
	bool mixed_container; /* members in different containers: container stays NULL */
	bool hub;
	size_t degree;
	bool dropped; /* left with no edge once a hub's edges were folded */
};

struct graph_edge {
	size_t source, target; /* indexes into graph.nodes */
	const char *kind;      /* the kind's name, e.g. "pipe" */
	bool directed;         /* data or waiting flows from source to target */
	size_t count;          /* objects merged into this edge */
	char *detail;          /* "stream /run/x.sock", ports: kept while merged ones agree */
	bool bytes_known;
	uint64_t bytes_queued; /* pipes and FIFOs: the sum over the merged ones */
	bool is_lock;   /* deadlock is known only of locks */
	bool deadlock;  /* a lock edge of a cycle of waiting processes */
	size_t peers;   /* a hub's folded edge: how many nodes it stands for; 0 otherwise */
	bool dropped;   /* folded into a hub's peers edge */
};

struct graph {
	enum graph_grouping grouping;
	struct graph_node *nodes;
	size_t nnodes, nodes_cap;
	struct graph_edge *edges;
	size_t nedges, edges_cap;
	struct graph_index node_ids; /* node id -> index */
	struct graph_index edge_keys; /* "source>target:kind" -> index */
};

struct graph_options {
	enum graph_grouping grouping;
	size_t hubs; /* a node with more edges than this is a hub */
};

/* The nodes and edges of a snapshot's objects. */
void graph_build(struct graph *g, const struct snapshot *snap, const struct graph_options *opts);
void graph_free(struct graph *g);

/* A new node of this type and id (copied), its other fields empty. */
size_t graph_new_node(struct graph *g, enum graph_node_type type, const char *id);
/*
 * One more member (a group's process, an object's holder) in a container,
 * or on the host (NULL): the node's container is the one they all share,
 * or NULL.
 */
void graph_node_add_container(struct graph_node *n, const char *container, bool first);
/* The node of process proc (or of its group); created on first use. */
size_t graph_process_node(struct graph *g, const struct proc_info *proc);
/* The node of a process known only by pid and command (a lock waiter the index missed). */
size_t graph_pid_node(struct graph *g, int pid, const char *command);
/* The node of a shared object, with its kind and label (taken over). */
size_t graph_object_node(struct graph *g, const char *kind, const char *key, char *label);
/*
 * Adds one object's edge, or counts it into the edge of the same kind
 * between the same two nodes; detail is taken over.  An undirected edge is
 * the same edge either way round.  Returns its index.
 */
size_t graph_add_edge(struct graph *g, size_t source, size_t target, const char *kind,
		      bool directed, char *detail);
/* The edge already there, or (size_t)-1. */
size_t graph_find_edge(const struct graph *g, size_t source, size_t target, const char *kind);

/* The edges of the snapshot's objects, kind by kind (graph_edges.c). */
void graph_add_object_edges(struct graph *g, const struct snapshot *snap);
struct selection;
/* With no kind chosen: the kinds that make edges, and no others. */
void graph_select_kinds(struct selection *sel);
/* Hubs' edges folded into one per kind (graph_hubs.c). */
void graph_fold_hubs(struct graph *g, size_t hubs);

/* The text an edge is drawn with: "pipe x3, 100 bytes queued" (malloc'd). */
char *graph_edge_label(const struct graph_edge *e);
/* "process", "object", "group", "peers". */
const char *graph_node_type_name(enum graph_node_type type);
/* --group's names, and parsing one: -1 for none of them. */
int graph_grouping_parse(const char *name);
const char *graph_grouping_names(void);

#endif
