/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ns_json.h"
#include "runner.h"

#include <stdio.h>
#include <string.h>

uint64_t ns_of(cJSON *object, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(object, key);
	return cJSON_IsNumber(v) && v->valuedouble > 0 ? (uint64_t)v->valuedouble : 0;
}

const char *describe(cJSON *object)
{
	static char text[160];
	cJSON *kind = cJSON_GetObjectItem(object, "kind"), *id = cJSON_GetObjectItem(object, "id");

	snprintf(text, sizeof(text), "%s %s", cJSON_IsString(kind) ? kind->valuestring : "(no kind)",
		 cJSON_IsString(id) ? id->valuestring : "(no id)");
	return text;
}

void expect_ns(cJSON *object, const char *key, uint64_t want)
{
	cJSON *v = cJSON_GetObjectItem(object, key);

	if (!cJSON_IsNumber(v))
		fail_msg("%s has no number \"%s\"", describe(object), key);
	if ((uint64_t)v->valuedouble != want)
		fail_msg("%s: \"%s\" is %.0f, expected %llu", describe(object), key, v->valuedouble,
			 (unsigned long long)want);
}

const char *str(cJSON *object, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(object, key);

	if (!cJSON_IsString(v))
		fail_msg("%s: \"%s\" is not a string", describe(object), key);
	return v->valuestring;
}

pid_t holder_pid(cJSON *holder)
{
	cJSON *pid = cJSON_GetObjectItem(holder, "pid");
	return cJSON_IsNumber(pid) ? (pid_t)pid->valueint : -1;
}

static bool matches(cJSON *o, const struct match *m)
{
	cJSON *kind = cJSON_GetObjectItem(o, "kind"), *name = cJSON_GetObjectItem(o, "name");
	cJSON *number = m->number_key ? cJSON_GetObjectItem(o, m->number_key) : NULL;

	if (!cJSON_IsString(kind) || strcmp(kind->valuestring, m->kind) != 0 || ns_of(o, m->ns_key) != m->ns)
		return false;
	if (m->number_key && !(cJSON_IsNumber(number) && number->valuedouble == m->number))
		return false;
	return !m->name || (cJSON_IsString(name) && strcmp(name->valuestring, m->name) == 0);
}

size_t matching(cJSON *doc, const struct match *m, cJSON **first)
{
	size_t n = 0;
	cJSON *o;

	if (first)
		*first = NULL;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		if (!matches(o, m))
			continue;
		if (first && !n)
			*first = o;
		n++;
	}
	return n;
}

cJSON *the_one(cJSON *doc, const struct match *m)
{
	cJSON *o;
	size_t n = matching(doc, m, &o);

	if (n == 1)
		return o;
	if (m->number_key)
		fail_msg("%zu objects of kind %s with \"%s\" %llu and \"%s\" %.0f (expected one)", n,
			 m->kind, m->ns_key, (unsigned long long)m->ns, m->number_key, m->number);
	fail_msg("%zu objects of kind %s with \"%s\" %llu%s%s (expected one)", n, m->kind, m->ns_key,
		 (unsigned long long)m->ns, m->name ? " named " : "", m->name ? m->name : "");
	return o;
}

cJSON *object_document(const char *command, const char *a, const char *b, const char *c)
{
	struct run_result r;

	run_ipcscope(&r, command, "--json", a, b, c, NULL);
	if (r.status != 0)
		fail_msg("ipcscope %s --json%s%s%s%s%s%s exited %d: %s", command, a ? " " : "", a ? a : "",
			 a && b ? " " : "", a && b ? b : "", a && b && c ? " " : "", a && b && c ? c : "",
			 r.status, r.err);
	cJSON *doc = parse_document(r.out);
	run_result_free(&r);
	return doc;
}
