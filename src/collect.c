/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect.h"
#include "ipc_object.h"
#include "selection.h"
#include "stale.h"
#include "util.h"

void collect_add(struct collect_ctx *ctx, struct ipc_object *obj)
{
	ipc_object_sort_holders(obj);
	if (ctx->sel->stale)
		stale_judge(ctx->sel, obj);
	if (!selection_matches(ctx->sel, obj)) {
		ipc_object_free(obj);
		return;
	}
	if (ctx->nobjects == ctx->objects_cap) {
		ctx->objects_cap = ctx->objects_cap ? ctx->objects_cap * 2 : 256;
		ctx->objects = xreallocarray(ctx->objects, ctx->objects_cap, sizeof(*ctx->objects));
	}
	ctx->objects[ctx->nobjects++] = obj;
}

void collect_partial_namespace(struct collect_ctx *ctx, uint64_t ipcns)
{
	ctx->partial_ns = xreallocarray(ctx->partial_ns, ctx->npartial_ns + 1,
					sizeof(*ctx->partial_ns));
	ctx->partial_ns[ctx->npartial_ns++] = ipcns;
}
