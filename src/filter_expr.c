/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -Q expressions: the lexer and the recursive-descent parser, which
 * resolves each column once, per kind, so evaluation looks nothing up by
 * name.  Precedence, lowest first: ||, &&, !, comparison.
 */
#include "filter_expr.h"
#include "columns.h"
#include "filter_ast.h"
#include "ipc_object.h"
#include "kinds.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum token_type {
	T_END,
	T_LPAREN,
	T_RPAREN,
	T_AND,
	T_OR,
	T_NOT,
	T_OP,
	T_COLUMN,
	T_STRING,
	T_NUMBER,
	T_NULL,
	T_TRUE,
	T_FALSE,
};

struct token {
	enum token_type type;
	size_t pos;
	enum filter_op op;
	char *text; /* a column's name or a string's value, malloc'd */
	struct filter_num num;
};

struct parser {
	const char *text;
	size_t at;
	struct token tok;
	struct filter_error *err;
	bool failed;
};

static void fail_at(struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_at(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
}

/* The words that are operators or literals, in any case as columns are. */
static const struct {
	const char *word;
	enum token_type type;
	enum filter_op op;
} words[] = {
	{ "and", T_AND, 0 },  { "or", T_OR, 0 },	 { "not", T_NOT, 0 },
	{ "null", T_NULL, 0 }, { "true", T_TRUE, 0 },  { "false", T_FALSE, 0 },
	{ "eq", T_OP, FOP_EQ }, { "ne", T_OP, FOP_NE }, { "lt", T_OP, FOP_LT },
	{ "le", T_OP, FOP_LE }, { "gt", T_OP, FOP_GT }, { "ge", T_OP, FOP_GE },
};

static void lex_word(struct parser *p, struct token *t)
{
	size_t start = p->at;

	while (isalnum((unsigned char)p->text[p->at]) || p->text[p->at] == '_' ||
	       p->text[p->at] == '-')
		p->at++;
	t->text = xasprintf("%.*s", (int)(p->at - start), p->text + start);
	t->type = T_COLUMN;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (strcasecmp(words[i].word, t->text) == 0) {
			t->type = words[i].type;
			t->op = words[i].op;
		}
	}
}

static void lex_number(struct parser *p, struct token *t)
{
	const char *start = p->text + p->at;
	const char *digits = start + (*start == '-');
	uint64_t v;
	const char *end = parse_digits(digits, 10, UINT64_MAX, &v);

	if (!end) {
		fail_at(p, p->at, "number out of range");
		return;
	}
	if (isalnum((unsigned char)*end) || *end == '_' || *end == '.') {
		fail_at(p, p->at, "invalid number: only whole decimal numbers are taken");
		return;
	}
	t->type = T_NUMBER;
	t->num = (struct filter_num){ .neg = *start == '-' && v != 0, .mag = v };
	p->at = (size_t)(end - p->text);
}

/* "text" with \" and \\ the only escapes. */
static void lex_string(struct parser *p, struct token *t)
{
	size_t open = p->at++;
	char *out = xmalloc(strlen(p->text + p->at) + 1);
	size_t n = 0;

	for (;;) {
		char c = p->text[p->at];
		if (c == '\0') {
			fail_at(p, open, "unterminated string: no closing '\"'");
			free(out);
			return;
		}
		p->at++;
		if (c == '"')
			break;
		if (c == '\\') {
			c = p->text[p->at];
			if (c != '"' && c != '\\') {
				fail_at(p, p->at - 1, "invalid escape in a string: only \\\" and \\\\ are taken");
				free(out);
				return;
			}
			p->at++;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	t->type = T_STRING;
	t->text = out;
}

/* The operators of one or two characters. */
static bool lex_symbol(struct parser *p, struct token *t)
{
	static const struct {
		const char *sym;
		enum token_type type;
		enum filter_op op;
	} syms[] = {
		{ "==", T_OP, FOP_EQ },	  { "!=", T_OP, FOP_NE },    { "<=", T_OP, FOP_LE },
		{ ">=", T_OP, FOP_GE },	  { "=~", T_OP, FOP_MATCH }, { "!~", T_OP, FOP_NOMATCH },
		{ "&&", T_AND, 0 },	  { "||", T_OR, 0 },	     { "<", T_OP, FOP_LT },
		{ ">", T_OP, FOP_GT },	  { "!", T_NOT, 0 },	     { "(", T_LPAREN, 0 },
		{ ")", T_RPAREN, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(syms); i++) {
		size_t n = strlen(syms[i].sym);
		if (strncmp(p->text + p->at, syms[i].sym, n) == 0) {
			t->type = syms[i].type;
			t->op = syms[i].op;
			p->at += n;
			return true;
		}
	}
	return false;
}

/* A character no token begins with; the single = & | get a hint. */
static void fail_unexpected(struct parser *p, char c)
{
	if (c == '=')
		fail_at(p, p->at, "'=' is no operator: '==' compares");
	else if (c == '&' || c == '|')
		fail_at(p, p->at, "'%c' is no operator: '%c%c' is %s", c, c, c, c == '&' ? "and" : "or");
	else if (isprint((unsigned char)c))
		fail_at(p, p->at, "unexpected character '%c'", c);
	else
		fail_at(p, p->at, "unexpected byte 0x%02x", (unsigned char)c);
}

static void next_token(struct parser *p)
{
	struct token *t = &p->tok;
	char c;

	free(t->text);
	*t = (struct token){ .type = T_END };
	while (isspace((unsigned char)p->text[p->at]))
		p->at++;
	t->pos = p->at;
	c = p->text[p->at];
	if (c == '\0' || p->failed)
		return;
	if (isalpha((unsigned char)c) || c == '_')
		lex_word(p, t);
	else if (isdigit((unsigned char)c) || (c == '-' && isdigit((unsigned char)p->text[p->at + 1])))
		lex_number(p, t);
	else if (c == '"')
		lex_string(p, t);
	else if (!lex_symbol(p, t))
		fail_unexpected(p, c);
}

/* Whether a kind's attribute is the column: its table name or its JSON key, any case. */
static bool attr_named(const struct attr_def *def, const char *name)
{
	return strcasecmp(def->column, name) == 0 || strcasecmp(def->json, name) == 0;
}

static enum filter_field common_field(const char *name)
{
	static const struct {
		const char *name;
		enum filter_field field;
	} fields[] = {
		{ "KIND", FIELD_KIND }, { "ID", FIELD_ID },   { "NAME", FIELD_NAME },
		{ "INODE", FIELD_INODE }, { "UID", FIELD_UID }, { "USER", FIELD_USER },
		{ "GID", FIELD_GID },	{ "MODE", FIELD_MODE }, { "NHOLDERS", FIELD_NHOLDERS },
	};
	const struct column *col;

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (strcasecmp(fields[i].name, name) == 0)
			return fields[i].field;
	/* SUMMARY, HOLDERS and the like: no typed value of their own, their text. */
	col = column_find(name);
	return col && !col->attr_json ? FIELD_CELL : FIELD_NONE;
}

/* Which attribute of each kind the column is; false when it is none of any kind's. */
static bool resolve_attr(struct filter_operand *op)
{
	bool found = false;

	op->attr_at = xcalloc(kinds_count(), sizeof(*op->attr_at));
	for (size_t k = 0; k < kinds_count(); k++) {
		const struct kind *kind = kind_at(k);
		op->attr_at[k] = -1;
		for (size_t a = 0; a < kind->nattrs; a++) {
			if (attr_named(kind->attrs[a], op->name)) {
				op->attr_at[k] = (int)a;
				found = true;
				break;
			}
		}
	}
	return found;
}

static void take_column(struct parser *p, struct filter_operand *op)
{
	op->is_column = true;
	op->name = p->tok.text;
	p->tok.text = NULL;
	op->field = common_field(op->name);
	if (op->field == FIELD_CELL)
		op->cell = column_find(op->name);
	if (op->field == FIELD_NONE && !resolve_attr(op))
		fail_at(p, op->pos, "unknown column '%s' (see --list-columns)", op->name);
}

static void parse_operand(struct parser *p, struct filter_operand *op)
{
	struct filter_value *lit = &op->literal;

	op->pos = p->tok.pos;
	switch (p->tok.type) {
	case T_COLUMN:
		take_column(p, op);
		break;
	case T_STRING:
		*lit = (struct filter_value){ .type = FV_STR, .owned = p->tok.text };
		lit->s = lit->owned;
		p->tok.text = NULL;
		break;
	case T_NUMBER:
		*lit = (struct filter_value){ .type = FV_NUM, .num = p->tok.num };
		break;
	case T_NULL:
		*lit = (struct filter_value){ .type = FV_NULL };
		break;
	case T_TRUE:
	case T_FALSE:
		*lit = (struct filter_value){ .type = FV_BOOL, .b = p->tok.type == T_TRUE };
		break;
	default:
		fail_at(p, op->pos, p->tok.type == T_END ? "expression ends where a value is expected"
			: "expected a column, a \"string\", a number, null, true or false");
		return;
	}
	next_token(p);
}

static struct filter_node *new_node(enum filter_node_type type)
{
	struct filter_node *n = xcalloc(1, sizeof(*n));
	n->type = type;
	return n;
}

static void compile_regex(struct parser *p, struct filter_node *n)
{
	int rc;

	if (n->b.is_column || n->b.literal.type != FV_STR) {
		fail_at(p, n->b.pos, "=~ and !~ take a \"regular expression\" in quotes on the right");
		return;
	}
	rc = regcomp(&n->regex, n->b.literal.s, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[100];
		regerror(rc, &n->regex, why, sizeof(why));
		fail_at(p, n->b.pos, "invalid regular expression: %s", why);
		return;
	}
	n->has_regex = true;
}

/* An operand, and an operator with its right-hand operand if one follows. */
static struct filter_node *parse_comparison(struct parser *p)
{
	struct filter_node *n = new_node(FN_TEST);

	parse_operand(p, &n->a);
	if (p->failed || p->tok.type != T_OP)
		return n;
	n->type = FN_CMP;
	n->op = p->tok.op;
	next_token(p);
	parse_operand(p, &n->b);
	if (!p->failed && (n->op == FOP_MATCH || n->op == FOP_NOMATCH))
		compile_regex(p, n);
	return n;
}

static struct filter_node *parse_or(struct parser *p);

static struct filter_node *parse_unary(struct parser *p)
{
	if (p->tok.type == T_NOT) {
		struct filter_node *n = new_node(FN_NOT);
		next_token(p);
		n->left = parse_unary(p);
		return n;
	}
	if (p->tok.type == T_LPAREN) {
		size_t open = p->tok.pos;
		next_token(p);
		struct filter_node *n = parse_or(p);
		if (p->tok.type != T_RPAREN)
			fail_at(p, p->tok.type == T_END ? open : p->tok.pos,
				p->tok.type == T_END ? "this '(' is never closed" : "expected ')'");
		next_token(p);
		return n;
	}
	return parse_comparison(p);
}

/* left (OP right)*, for && over unary and || over &&. */
static struct filter_node *parse_chain(struct parser *p, enum token_type op,
				       enum filter_node_type type,
				       struct filter_node *(*operand)(struct parser *))
{
	struct filter_node *left = operand(p);

	while (!p->failed && p->tok.type == op) {
		struct filter_node *n = new_node(type);
		next_token(p);
		n->left = left;
		n->right = operand(p);
		left = n;
	}
	return left;
}

static struct filter_node *parse_and(struct parser *p)
{
	return parse_chain(p, T_AND, FN_AND, parse_unary);
}

static struct filter_node *parse_or(struct parser *p)
{
	return parse_chain(p, T_OR, FN_OR, parse_and);
}

static void free_operand(struct filter_operand *op)
{
	free(op->name);
	free(op->attr_at);
	free(op->literal.owned);
}

static void free_node(struct filter_node *n)
{
	if (!n)
		return;
	free_node(n->left);
	free_node(n->right);
	free_operand(&n->a);
	free_operand(&n->b);
	if (n->has_regex)
		regfree(&n->regex);
	free(n);
}

struct filter_expr *filter_expr_parse(const char *text, struct filter_error *err)
{
	struct parser p = { .text = text, .err = err };
	struct filter_node *root;

	next_token(&p);
	if (!p.failed && p.tok.type == T_END)
		fail_at(&p, 0, "empty expression");
	root = parse_or(&p);
	if (!p.failed && p.tok.type != T_END)
		fail_at(&p, p.tok.pos, p.tok.type == T_RPAREN ? "')' without its '('"
				       : "expected && or || between two conditions");
	free(p.tok.text);
	if (p.failed) {
		free_node(root);
		return NULL;
	}
	struct filter_expr *f = xcalloc(1, sizeof(*f));
	f->root = root;
	return f;
}

/* The first column of n no kind in the mask has, or NULL. */
static const struct filter_operand *unknown_column(const struct filter_node *n,
						   unsigned long kinds)
{
	const struct filter_operand *ops[] = { &n->a, &n->b };
	const struct filter_operand *found = NULL;

	if (n->left && (found = unknown_column(n->left, kinds)))
		return found;
	if (n->right && (found = unknown_column(n->right, kinds)))
		return found;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		if (!ops[i]->attr_at)
			continue;
		bool any = false;
		for (size_t k = 0; k < kinds_count(); k++)
			any |= ops[i]->attr_at[k] >= 0 && (!kinds || (kinds & (1UL << k)));
		if (!any)
			return ops[i];
	}
	return NULL;
}

int filter_expr_check_kinds(const struct filter_expr *f, unsigned long kinds,
			    struct filter_error *err)
{
	const struct filter_operand *op = unknown_column(f->root, kinds);

	if (!op)
		return 0;
	err->pos = op->pos;
	snprintf(err->message, sizeof(err->message), "no kind selected has the column '%s'",
		 op->name);
	return -1;
}

void filter_expr_free(struct filter_expr *f)
{
	if (!f)
		return;
	free_node(f->root);
	free(f);
}

void filter_error_print(const char *text, const struct filter_error *err)
{
	msg_error("invalid filter at character %zu: %s", err->pos + 1, err->message);
	fprintf(stderr, "    %s\n    %*s^\n", text, (int)err->pos, "");
}
