/* redline.c: red-line predicates: exact and three-valued evaluation, plain-words description. */
#include "redline.h"

#include <stdio.h>

#include "textbuf.h"

static bool compare(model_node_op op, int have, int want)
{
    switch (op) {
    case RL_EQ: return have == want;
    case RL_NE: return have != want;
    case RL_GE: return have >= want;
    case RL_LE: return have <= want;
    default: return false;
    }
}

bool redline_eval(const model_scenario *scn, int node, const model_package *pkg)
{
    const model_node *n = &scn->nodes[node];
    switch (n->op) {
    case RL_TRUE: return true;
    case RL_EQ:
    case RL_NE:
    case RL_GE:
    case RL_LE: return compare(n->op, pkg->opt[n->issue], n->option);
    case RL_AND: return redline_eval(scn, n->left, pkg) && redline_eval(scn, n->right, pkg);
    case RL_OR: return redline_eval(scn, n->left, pkg) || redline_eval(scn, n->right, pkg);
    case RL_NOT: return !redline_eval(scn, n->left, pkg);
    case RL_IMPLIES: return !redline_eval(scn, n->left, pkg) || redline_eval(scn, n->right, pkg);
    }
    return false;
}

static redline_truth not3(redline_truth t)
{
    return t == REDLINE_UNKNOWN ? t : (t == REDLINE_TRUE ? REDLINE_FALSE : REDLINE_TRUE);
}

static redline_truth and3(redline_truth a, redline_truth b)
{
    if (a == REDLINE_FALSE || b == REDLINE_FALSE)
        return REDLINE_FALSE;
    if (a == REDLINE_TRUE && b == REDLINE_TRUE)
        return REDLINE_TRUE;
    return REDLINE_UNKNOWN;
}

static redline_truth or3(redline_truth a, redline_truth b)
{
    return not3(and3(not3(a), not3(b)));
}

redline_truth redline_eval3(const model_scenario *scn, int node, const model_package *pkg,
                            uint64_t assigned)
{
    const model_node *n = &scn->nodes[node];
    switch (n->op) {
    case RL_TRUE: return REDLINE_TRUE;
    case RL_EQ:
    case RL_NE:
    case RL_GE:
    case RL_LE:
        if (!((assigned >> n->issue) & 1u))
            return REDLINE_UNKNOWN;
        return compare(n->op, pkg->opt[n->issue], n->option) ? REDLINE_TRUE : REDLINE_FALSE;
    case RL_AND:
        return and3(redline_eval3(scn, n->left, pkg, assigned),
                    redline_eval3(scn, n->right, pkg, assigned));
    case RL_OR:
        return or3(redline_eval3(scn, n->left, pkg, assigned),
                   redline_eval3(scn, n->right, pkg, assigned));
    case RL_NOT: return not3(redline_eval3(scn, n->left, pkg, assigned));
    case RL_IMPLIES:
        return or3(not3(redline_eval3(scn, n->left, pkg, assigned)),
                   redline_eval3(scn, n->right, pkg, assigned));
    }
    return REDLINE_UNKNOWN;
}

uint64_t redline_issues(const model_scenario *scn, int node)
{
    const model_node *n = &scn->nodes[node];
    switch (n->op) {
    case RL_TRUE: return 0;
    case RL_EQ:
    case RL_NE:
    case RL_GE:
    case RL_LE: return 1ull << n->issue;
    case RL_NOT: return redline_issues(scn, n->left);
    default: return redline_issues(scn, n->left) | redline_issues(scn, n->right);
    }
}

static void describe(const model_scenario *scn, int node, textbuf *s, model_node_op parent)
{
    const model_node *n = &scn->nodes[node];
    const model_issue *is = n->op >= RL_EQ && n->op <= RL_LE ? &scn->issues[n->issue] : NULL;
    switch (n->op) {
    case RL_TRUE: textbuf_put(s, "always"); return;
    case RL_EQ: textbuf_put(s, "%s is '%s'", is->label, is->options[n->option].id); return;
    case RL_NE: textbuf_put(s, "%s is not '%s'", is->label, is->options[n->option].id); return;
    case RL_GE: textbuf_put(s, "%s is at least '%s'", is->label, is->options[n->option].id); return;
    case RL_LE: textbuf_put(s, "%s is at most '%s'", is->label, is->options[n->option].id); return;
    case RL_NOT:
        textbuf_put(s, "not (");
        describe(scn, n->left, s, RL_TRUE);
        textbuf_put(s, ")");
        return;
    case RL_AND:
    case RL_OR:
    case RL_IMPLIES: {
        /* Chains of the same connective read without brackets: "a or b or c". */
        bool bracket = parent != RL_TRUE && parent != n->op;
        if (bracket)
            textbuf_put(s, "(");
        if (n->op == RL_IMPLIES)
            textbuf_put(s, "if ");
        /* Inside "if ... then ...", any compound part is bracketed: "if (if a then b) then c". */
        model_node_op inner = n->op == RL_IMPLIES ? RL_NOT : n->op;
        describe(scn, n->left, s, inner);
        textbuf_put(s, n->op == RL_AND ? " and " : n->op == RL_OR ? " or " : " then ");
        describe(scn, n->right, s, inner);
        if (bracket)
            textbuf_put(s, ")");
        return;
    }
    }
}

size_t redline_describe(const model_scenario *scn, int node, char *buf, size_t size)
{
    textbuf s = textbuf_on(buf, size);
    describe(scn, node, &s, RL_TRUE);
    return s.len;
}
