/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope graph on a scene of real processes: a pipe between two, a unix
 * socketpair, a loopback TCP connection, a SysV segment three attach, a
 * flock with a waiter and a deadlock of two processes through a POSIX and
 * an OFD lock.  The graph must have exactly those nodes and edges among the
 * scene's processes, in JSON, in DOT that dot reads, and in SVG that parses
 * as XML; with a hub folded, with processes grouped by command, and
 * refusing bad options.
 */
#include "runner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pty.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Quotes, a backslash, XML's specials, a newline and an escape: names from
 * a hostile user, for a command (which the process table shows with '?'
 * for each control) and for a socket (which every text output shows with
 * \xHH for each).
 */
#define HOSTILE_NAME "w\"q\\z<&>\n\033"
#define HOSTILE_COMMAND "w\"q\\z<&>??"
#define HOSTILE_SOCKET "g\"q\\z<&>&amp;\n\033"
#define HOSTILE_SOCKET_SHOWN "@g\"q\\z<&>&amp;\\x0a\\x1b"
#define QUEUED 100

enum role {
	PIPE_WRITER,
	PIPE_READER,
	UNIX_A,
	UNIX_B,
	TCP_SERVER,
	TCP_CLIENT,
	SHM_1,
	SHM_2,
	SHM_3,
	FLOCK_HOLDER,
	FLOCK_WAITER,
	DEAD_POSIX, /* holds a POSIX lock on x, waits for y */
	DEAD_OFD,   /* holds an OFD lock on y, waits for x */
	ROLES,
};

static const char *const role_names[ROLES] = {
	HOSTILE_NAME, "g-pipe-r", "g-unix", "g-unix", "g-tcp-s", "g-tcp-c", "g-shm", "g-shm",
	"g-shm", "g-flock-h", "g-flock-w", "g-dead-p", "g-dead-o",
};

static struct {
	pid_t pid[ROLES];
	int shmid;
	char dir[64], flock_path[96], x[96], y[96];
} scene;

static int ready[2], go[2];

/* The command as the process table has it. */
static const char *command_of(enum role role)
{
	return role == PIPE_WRITER ? HOSTILE_COMMAND : role_names[role];
}

static void lock_range(int fd, int cmd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, cmd, &fl) != 0)
		_exit(1);
}

/* What a role does before the scene is ready: take what it holds. */
static void prepare(enum role role, int fd)
{
	static const char bytes[QUEUED];

	switch (role) {
	case PIPE_WRITER:
		if (write(fd, bytes, sizeof(bytes)) != (ssize_t)sizeof(bytes))
			_exit(1);
		break;
	case SHM_1:
	case SHM_2:
	case SHM_3:
		if (shmat(scene.shmid, NULL, 0) == (void *)-1)
			_exit(1);
		break;
	case FLOCK_HOLDER:
		if (flock(open(scene.flock_path, O_RDWR), LOCK_EX) != 0)
			_exit(1);
		break;
	case DEAD_POSIX:
		lock_range(open(scene.x, O_RDWR), F_SETLK);
		break;
	case DEAD_OFD:
		lock_range(open(scene.y, O_RDWR), F_OFD_SETLK);
		break;
	default:
		break;
	}
}

/* What a waiting role blocks in once every role holds its part; false for the others. */
static bool block(enum role role)
{
	switch (role) {
	case FLOCK_WAITER:
		flock(open(scene.flock_path, O_RDWR), LOCK_EX);
		return true;
	case DEAD_POSIX:
		lock_range(open(scene.y, O_RDWR), F_OFD_SETLKW);
		return true;
	case DEAD_OFD:
		lock_range(open(scene.x, O_RDWR), F_SETLKW);
		return true;
	default:
		return false;
	}
}

static bool waits(enum role role)
{
	return role == FLOCK_WAITER || role == DEAD_POSIX || role == DEAD_OFD;
}

/*
 * A process of the scene, holding `fd` (or nothing, -1) and nothing else:
 * every other descriptor it inherited would join it to the test and to the
 * other roles, and its output goes to /dev/null for the same reason.
 */
static void spawn(enum role role, int fd)
{
	pid_t pid = fork_holder();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		for (int i = 0; i < 3; i++)
			dup2(null, i);
		for (int i = 3; i < 1024; i++)
			if (i != fd && i != ready[1] && i != go[0])
				close(i);
		prctl(PR_SET_NAME, role_names[role]);
		prepare(role, fd);
		char c = 'x';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		close(ready[1]);
		if (waits(role) && read(go[0], &c, 1) != 1)
			_exit(1);
		close(go[0]);
		block(role);
		for (;;)
			pause();
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	scene.pid[role] = pid;
}

static void spawn_pair(enum role a, int fd_a, enum role b, int fd_b)
{
	spawn(a, fd_a);
	spawn(b, fd_b);
	close(fd_a);
	close(fd_b);
}

static void make_file(char *path, size_t size, const char *name)
{
	snprintf(path, size, "%s/%s", scene.dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

static void connect_loopback(int *server, int *client)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &len), 0);
	*client = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(*client, (struct sockaddr *)&a, sizeof(a)), 0);
	*server = accept(l, NULL, NULL);
	assert_true(*server >= 0);
	close(l);
}

static int setup_scene(void **state)
{
	need_private_namespaces();
	bring_up_loopback(state);
	strcpy(scene.dir, "/tmp/ipcscope-graph-test.XXXXXX");
	assert_non_null(mkdtemp(scene.dir));
	make_file(scene.flock_path, sizeof(scene.flock_path), "flock");
	make_file(scene.x, sizeof(scene.x), "x");
	make_file(scene.y, sizeof(scene.y), "y");
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);

	int p[2], s[2], server, client;
	assert_int_equal(pipe(p), 0);
	spawn_pair(PIPE_WRITER, p[1], PIPE_READER, p[0]);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, s), 0);
	struct sockaddr_un name = { .sun_family = AF_UNIX };
	memcpy(name.sun_path + 1, HOSTILE_SOCKET, strlen(HOSTILE_SOCKET));
	assert_int_equal(bind(s[0], (struct sockaddr *)&name,
			      offsetof(struct sockaddr_un, sun_path) + 1 + strlen(HOSTILE_SOCKET)),
			 0);
	spawn_pair(UNIX_A, s[0], UNIX_B, s[1]);
	connect_loopback(&server, &client);
	spawn_pair(TCP_SERVER, server, TCP_CLIENT, client);
	scene.shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	assert_true(scene.shmid >= 0);
	for (enum role r = SHM_1; r <= SHM_3; r++)
		spawn(r, -1);
	for (enum role r = FLOCK_HOLDER; r <= DEAD_OFD; r++)
		spawn(r, -1);
	/* Every role holds its part: now the waiters may wait. */
	assert_int_equal(write(go[1], "xxx", 3), 3);
	close(go[1]);
	close(go[0]);
	close(ready[0]);
	close(ready[1]);
	return 0;
}

static int teardown_scene(void **state)
{
	(void)state;
	for (int r = 0; r < ROLES; r++)
		if (scene.pid[r] > 0)
			stop_holder(scene.pid[r]);
	if (scene.shmid > 0)
		shmctl(scene.shmid, IPC_RMID, NULL);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", scene.dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void process_id(char *buf, size_t size, enum role role)
{
	snprintf(buf, size, "process:%d", (int)scene.pid[role]);
}

static const char *member(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Whether a node id is the scene's: one of its processes, or its segment. */
static bool in_scene(const char *id)
{
	char mine[32];

	for (int r = 0; r < ROLES; r++) {
		process_id(mine, sizeof(mine), r);
		if (strcmp(id, mine) == 0)
			return true;
	}
	snprintf(mine, sizeof(mine), "object:sysv_shm:%d@", scene.shmid);
	return strncmp(id, mine, strlen(mine)) == 0;
}

static cJSON *graph_json(struct run_result *r, const char *extra, const char *value)
{
	run_ipcscope(r, "graph", "--format", "json", extra, value, NULL);
	if (r->status != 0)
		fail_msg("graph exited %d: %s", r->status, r->err);
	cJSON *doc = cJSON_Parse(r->out);
	if (!doc)
		fail_msg("not JSON: %.200s", r->out);
	assert_string_equal(member(doc, "schema"), "ipcscope-graph/1");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "nodes")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "edges")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "warnings")));
	return doc;
}

static size_t scene_edges(cJSON *doc)
{
	size_t n = 0;
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "edges"))
	n += in_scene(member(e, "source")) || in_scene(member(e, "target"));
	return n;
}

#define SCENE_EDGES 9

/*
 * The graph, with extra options, once both lock waiters wait: until then
 * the plain graph misses the locks' edges.
 */
static cJSON *scene_graph(struct run_result *r, const char *extra, const char *value)
{
	for (int tries = 0;; tries++) {
		cJSON *doc = graph_json(r, NULL, NULL);
		size_t n = scene_edges(doc);
		if (n >= SCENE_EDGES || tries == 100) {
			if (!extra)
				return doc;
			cJSON_Delete(doc);
			run_result_free(r);
			return graph_json(r, extra, value);
		}
		cJSON_Delete(doc);
		run_result_free(r);
		usleep(100 * 1000);
	}
}

static cJSON *node_by_id(cJSON *doc, const char *id)
{
	cJSON *n;
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(doc, "nodes"))
	if (strcmp(member(n, "id"), id) == 0)
		return n;
	return NULL;
}

/* The edge of `kind` from a to b (either way round when undirected), or NULL. */
static cJSON *edge(cJSON *doc, const char *a, const char *b, const char *kind)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "edges"))
	{
		const char *s = member(e, "source"), *t = member(e, "target");
		bool directed = cJSON_IsTrue(cJSON_GetObjectItem(e, "directed"));
		if (strcmp(member(e, "kind"), kind) != 0)
			continue;
		if ((strcmp(s, a) == 0 && strcmp(t, b) == 0) ||
		    (!directed && strcmp(s, b) == 0 && strcmp(t, a) == 0))
			return e;
	}
	return NULL;
}

static cJSON *role_edge(cJSON *doc, enum role a, enum role b, const char *kind)
{
	char ia[32], ib[32];

	process_id(ia, sizeof(ia), a);
	process_id(ib, sizeof(ib), b);
	cJSON *e = edge(doc, ia, ib, kind);
	if (!e)
		fail_msg("no %s edge from %s to %s", kind, ia, ib);
	assert_int_equal(json_number(e, "count"), 1);
	return e;
}

static const char *shm_node_id(cJSON *doc)
{
	char prefix[48];
	cJSON *n;

	snprintf(prefix, sizeof(prefix), "object:sysv_shm:%d@", scene.shmid);
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(doc, "nodes"))
	if (strncmp(member(n, "id"), prefix, strlen(prefix)) == 0)
		return member(n, "id");
	fail_msg("no node for the segment %d", scene.shmid);
	return NULL;
}

static void exactly_the_scene(void **state)
{
	(void)state;
	struct run_result r;
	cJSON *doc = scene_graph(&r, NULL, NULL);
	char id[32], label[64];

	/* Its nodes: every process, with its label, and the segment. */
	size_t nodes = 0;
	cJSON *n;
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(doc, "nodes"))
	nodes += in_scene(member(n, "id"));
	assert_int_equal(nodes, ROLES + 1);
	for (int role = 0; role < ROLES; role++) {
		process_id(id, sizeof(id), role);
		cJSON *node = node_by_id(doc, id);
		assert_non_null(node);
		assert_string_equal(member(node, "type"), "process");
		assert_int_equal(json_number(node, "pid"), scene.pid[role]);
		assert_string_equal(member(node, "command"), command_of(role));
		snprintf(label, sizeof(label), "%d/%s", (int)scene.pid[role], command_of(role));
		assert_string_equal(member(node, "label"), label);
		assert_string_equal(member(node, "user"), "root");
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(node, "container")));
	}
	const char *shm = shm_node_id(doc);
	assert_string_equal(member(node_by_id(doc, shm), "type"), "object");

	/* Its edges, and no other. */
	assert_int_equal(scene_edges(doc), SCENE_EDGES);
	cJSON *e = role_edge(doc, PIPE_WRITER, PIPE_READER, "pipe");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "directed")));
	assert_int_equal(json_number(e, "bytes_queued"), QUEUED);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "deadlock")));
	e = role_edge(doc, UNIX_A, UNIX_B, "unix");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(e, "directed")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "bytes_queued")));
	assert_string_equal(member(e, "label"), "unix stream @" HOSTILE_SOCKET);
	role_edge(doc, TCP_SERVER, TCP_CLIENT, "tcp");
	for (enum role s = SHM_1; s <= SHM_3; s++) {
		process_id(id, sizeof(id), s);
		assert_non_null(edge(doc, id, shm, "sysv_shm"));
	}
	e = role_edge(doc, FLOCK_HOLDER, FLOCK_WAITER, "lock");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "directed")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(e, "deadlock")));
	e = role_edge(doc, DEAD_POSIX, DEAD_OFD, "lock");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "deadlock")));
	e = role_edge(doc, DEAD_OFD, DEAD_POSIX, "lock");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "deadlock")));
	cJSON_Delete(doc);
	run_result_free(&r);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;

	assert_non_null(f);
	assert_true(getdelim(&text, &size, '\0', f) > 0);
	fclose(f);
	return text;
}

static bool has_type(cJSON *value, const char *type)
{
	if (strcmp(type, "integer") == 0)
		return cJSON_IsNumber(value) && value->valuedouble == (double)(long long)value->valuedouble;
	if (strcmp(type, "string") == 0)
		return cJSON_IsString(value);
	if (strcmp(type, "boolean") == 0)
		return cJSON_IsBool(value);
	if (strcmp(type, "null") == 0)
		return cJSON_IsNull(value);
	if (strcmp(type, "array") == 0)
		return cJSON_IsArray(value);
	return false;
}

/* Whether value is of the type (or one of the types) the schema's property gives. */
static bool matches(cJSON *schema, cJSON *property, cJSON *value)
{
	cJSON *ref = cJSON_GetObjectItem(property, "$ref");
	if (cJSON_IsString(ref)) /* "#/$defs/NAME" */
		property = cJSON_GetObjectItem(cJSON_GetObjectItem(schema, "$defs"),
					       strrchr(ref->valuestring, '/') + 1);
	if (cJSON_GetObjectItem(property, "enum") || cJSON_GetObjectItem(property, "const"))
		return cJSON_IsString(value);
	cJSON *type = cJSON_GetObjectItem(property, "type"), *t;
	if (cJSON_IsString(type))
		return has_type(value, type->valuestring);
	cJSON_ArrayForEach(t, type)
	if (has_type(value, t->valuestring))
		return true;
	return false;
}

/* Each member of item is one the schema's definition requires, of its type, and none is missing. */
static void check_against(cJSON *schema, const char *def, cJSON *item)
{
	cJSON *d = cJSON_GetObjectItem(cJSON_GetObjectItem(schema, "$defs"), def);
	cJSON *required = cJSON_GetObjectItem(d, "required"), *props = cJSON_GetObjectItem(d, "properties");
	cJSON *m;

	assert_int_equal(cJSON_GetArraySize(item), cJSON_GetArraySize(required));
	cJSON_ArrayForEach(m, required)
	{
		cJSON *value = cJSON_GetObjectItem(item, m->valuestring);
		if (!value)
			fail_msg("%s lacks \"%s\"", def, m->valuestring);
		if (!matches(schema, cJSON_GetObjectItem(props, m->valuestring), value))
			fail_msg("%s member \"%s\" is not of the schema's type", def, m->valuestring);
	}
}

/* The document is what schema/ipcscope-graph.json says, member by member. */
static void json_follows_its_schema(void **state)
{
	(void)state;
	struct run_result r;
	char *text = read_text(GRAPH_SCHEMA);
	cJSON *schema = cJSON_Parse(text), *item;

	assert_non_null(schema);
	assert_string_equal(member(schema, "$schema"), "https://json-schema.org/draft/2020-12/schema");
	for (int hubs = 0; hubs < 2; hubs++) {
		cJSON *doc = scene_graph(&r, hubs ? "--hubs" : "--group", hubs ? "2" : "user");
		assert_int_equal(cJSON_GetArraySize(doc),
				 cJSON_GetArraySize(cJSON_GetObjectItem(schema, "required")));
		cJSON_ArrayForEach(item, cJSON_GetObjectItem(doc, "nodes"))
		check_against(schema, "node", item);
		cJSON_ArrayForEach(item, cJSON_GetObjectItem(doc, "edges"))
		check_against(schema, "edge", item);
		cJSON_Delete(doc);
		run_result_free(&r);
	}
	cJSON_Delete(schema);
	free(text);
}

/* Output of `ipcscope graph ARGS` in a file of the scene's directory; its path in path. */
static void graph_to_file(char *path, size_t size, const char *name, const char *format)
{
	struct run_result r;

	run_ipcscope(&r, "graph", "--format", format, NULL);
	if (r.status != 0)
		fail_msg("graph --format %s exited %d: %s", format, r.status, r.err);
	snprintf(path, size, "%s/%s", scene.dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(r.out, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	run_result_free(&r);
}

static bool have(const char *program)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

static void dot_reads_it(void **state)
{
	(void)state;
	char path[128];
	struct run_result r;

	if (!have("dot"))
		skip_because("no dot here (apt-get install graphviz)");
	graph_to_file(path, sizeof(path), "graph.dot", "dot");
	char *const argv[] = { "dot", "-Tsvg", "-o", "/dev/null", path, NULL };
	run_command(argv, &r);
	if (r.status != 0)
		fail_msg("dot exited %d: %s", r.status, r.err);
	run_result_free(&r);
}

static void svg_is_xml_with_every_label(void **state)
{
	(void)state;
	char path[128], label[64];
	struct run_result r;

	if (!have("python3"))
		skip_because("no python3 here to parse the SVG");
	graph_to_file(path, sizeof(path), "graph.svg", "svg");
	/* Every text of the picture, one a line, as an XML parser reads it. */
	char *const argv[] = { "python3", "-c",
			       "import sys, xml.etree.ElementTree as E\n"
			       "for t in E.parse(sys.argv[1]).iter('{http://www.w3.org/2000/svg}text'):\n"
			       "    print(t.text)\n",
			       path, NULL };
	run_command(argv, &r);
	if (r.status != 0)
		fail_msg("the SVG is no XML: %s", r.err);
	for (int role = 0; role < ROLES; role++) {
		snprintf(label, sizeof(label), "%d/%s\n", (int)scene.pid[role], command_of(role));
		if (!strstr(r.out, label))
			fail_msg("the SVG lacks the label %s", label);
	}
	assert_non_null(strstr(r.out, "unix stream " HOSTILE_SOCKET_SHOWN "\n"));
	snprintf(label, sizeof(label), "sysv_shm %d", scene.shmid);
	assert_non_null(strstr(r.out, label));
	run_result_free(&r);
}

static void hub_folds_its_edges(void **state)
{
	(void)state;
	struct run_result r;
	cJSON *doc = scene_graph(&r, "--hubs", "2");
	const char *shm = shm_node_id(doc);
	char id[32];

	/* The segment has three edges: folded into one, to a node for its three peers. */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(node_by_id(doc, shm), "hub")));
	cJSON *e, *folded = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "edges"))
	if (strcmp(member(e, "source"), shm) == 0 || strcmp(member(e, "target"), shm) == 0) {
		assert_null(folded);
		folded = e;
	}
	assert_non_null(folded);
	assert_string_equal(member(folded, "kind"), "sysv_shm");
	assert_int_equal(json_number(folded, "peers"), 3);
	assert_non_null(strstr(member(folded, "label"), "3 peers"));
	const char *other = strcmp(member(folded, "source"), shm) == 0 ? member(folded, "target")
								      : member(folded, "source");
	cJSON *peers = node_by_id(doc, other);
	assert_string_equal(member(peers, "type"), "peers");
	assert_int_equal(json_number(peers, "peers"), 3);
	/* Its peers had no other edge: they are not drawn. */
	for (enum role s = SHM_1; s <= SHM_3; s++) {
		process_id(id, sizeof(id), s);
		assert_null(node_by_id(doc, id));
	}
	/* Nodes of two edges are no hubs at --hubs 2. */
	role_edge(doc, DEAD_POSIX, DEAD_OFD, "lock");
	process_id(id, sizeof(id), DEAD_POSIX);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(node_by_id(doc, id), "hub")));
	cJSON_Delete(doc);
	run_result_free(&r);
}

static void grouped_by_command(void **state)
{
	(void)state;
	struct run_result r;
	cJSON *doc = scene_graph(&r, "--group", "command");

	/* The three that attach the segment are one node, joined to it once. */
	cJSON *g = node_by_id(doc, "command:g-shm");
	assert_non_null(g);
	assert_string_equal(member(g, "type"), "group");
	assert_int_equal(json_number(g, "processes"), 3);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(g, "pid")));
	assert_non_null(edge(doc, "command:g-shm", shm_node_id(doc), "sysv_shm"));
	/* Both ends of the socketpair have one command: an edge of the group to itself. */
	cJSON *unix_group = node_by_id(doc, "command:g-unix");
	assert_int_equal(json_number(unix_group, "processes"), 2);
	assert_non_null(edge(doc, "command:g-unix", "command:g-unix", "unix"));
	assert_non_null(edge(doc, "command:g-flock-h", "command:g-flock-w", "lock"));
	assert_non_null(edge(doc, "command:g-tcp-s", "command:g-tcp-c", "tcp"));
	char id[32];
	process_id(id, sizeof(id), SHM_1);
	assert_null(node_by_id(doc, id));
	cJSON_Delete(doc);
	run_result_free(&r);
}

/* The snapshot's warnings on stderr as every command prints them, none under -q; JSON keeps them. */
static void warnings_and_quiet(void **state)
{
	(void)state;
	struct run_result r;
	cJSON *doc = graph_json(&r, NULL, NULL);
	cJSON *unreadable = cJSON_GetObjectItem(doc, "unreadable");

	assert_true(cJSON_IsArray(unreadable));
	if (cJSON_GetArraySize(unreadable) > 0)
		assert_non_null(strstr(r.err, "could not be read"));
	cJSON_Delete(doc);
	run_result_free(&r);

	doc = graph_json(&r, "-q", NULL);
	assert_string_equal(r.err, "");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "warnings")));
	cJSON_Delete(doc);
	run_result_free(&r);
}

/* On a terminal, with no --format: a hint on where to send it, no picture, status 2. */
static void on_a_terminal(void **state)
{
	(void)state;
	int master;
	char text[4096];
	pid_t pid = forkpty(&master, NULL, NULL, NULL);

	assert_true(pid >= 0);
	if (pid == 0) {
		execl(ipcscope_bin, ipcscope_bin, "graph", (char *)NULL);
		_exit(127);
	}
	int status = read_to_end(master, pid, text, sizeof(text));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_non_null(strstr(text, "ipcscope graph --format svg > ipc.svg"));
	assert_null(strstr(text, "digraph"));
}

static void bad_options(void **state)
{
	(void)state;
	expect_usage_error("--hubs", "graph", "--format", "json", "--hubs", "x", NULL);
	expect_usage_error("--hubs", "graph", "--format", "json", "--hubs", "-1", NULL);
	expect_usage_error("nope", "graph", "--format", "json", "--group", "nope", NULL);
	expect_usage_error("format 'nope'", "graph", "--format", "nope", NULL);
	expect_usage_error("table", "graph", "--format", "table", NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exactly_the_scene),   cmocka_unit_test(json_follows_its_schema),
		cmocka_unit_test(dot_reads_it),
		cmocka_unit_test(svg_is_xml_with_every_label), cmocka_unit_test(hub_folds_its_edges),
		cmocka_unit_test(grouped_by_command),  cmocka_unit_test(warnings_and_quiet),
		cmocka_unit_test(on_a_terminal),
		cmocka_unit_test(bad_options),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_scene, teardown_scene);
}
