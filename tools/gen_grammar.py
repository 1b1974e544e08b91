#!/usr/bin/env python3
"""Generate `src/model/grammar_table.rs` from the OFX grammars.

Usage:
    python3 tools/gen_grammar.py SPEC_DIR [--out FILE]

SPEC_DIR holds `dtd/ofx160-103.dtd` (the OFX 1.6 SGML DTD) and `xsd/*.xsd`
(the OFX 2.3 schemas, root `OFX2_Protocol.xsd`). The output is Rust source
written to stdout (or FILE). Only grammar facts are emitted: element names,
content models, leaf types, enumeration values and lengths -- never any
comment or documentation text of the sources.

The output is deterministic: running the script twice on the same sources
yields byte-identical text (a test in grammar.rs checks this).

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------
# Content-model AST (shared by both grammars)
#
#   ('E', name)        one element
#   ('S', (m, ...))    sequence
#   ('C', (m, ...))    choice
#   ('O', m)           optional        m?
#   ('*', m)           zero or more    m*
#   ('+', m)           one or more     m+
#   ('A',)             any element (xsd:any / extension slot)
# ---------------------------------------------------------------------------

EMPTY_SEQ = ('S', ())


def occurs(m, lo, hi):
    """Wrap `m` for lo..hi occurrences (hi None = unbounded)."""
    if hi is not None and hi == 0:
        return None
    if lo == 1 and hi == 1:
        return m
    if lo == 0 and hi == 1:
        return ('O', m)
    if lo == 0 and hi is None:
        return ('*', m)
    if lo == 1 and hi is None:
        return ('+', m)
    # General bounded/unbounded repetition: lo copies, then the rest.
    parts = [m] * lo
    if hi is None:
        parts[-1] = ('+', m)
    else:
        tail = None
        for _ in range(hi - lo):
            tail = ('O', m if tail is None else ('S', (m, tail)))
        if tail is not None:
            parts.append(tail)
    return ('S', tuple(parts)) if len(parts) != 1 else parts[0]


def simplify(m):
    """Normalise a model without changing its language: flatten nested
    sequences/choices, drop one-element groups, collapse stacked
    quantifiers."""
    t = m[0]
    if t in ('E', 'A'):
        return m
    if t in ('S', 'C'):
        out = []
        for c in m[1]:
            c = simplify(c)
            if c[0] == t:
                out.extend(c[1])
            elif t == 'S' and c == EMPTY_SEQ:
                continue
            else:
                out.append(c)
        if t == 'C':
            # drop duplicate alternatives, keep first
            seen = []
            for c in out:
                if c not in seen:
                    seen.append(c)
            out = seen
        if len(out) == 1:
            return out[0]
        return (t, tuple(out))
    inner = simplify(m[1])
    if inner == EMPTY_SEQ:
        return EMPTY_SEQ
    it = inner[0]
    if t == 'O':
        if it in ('O', '*'):
            return inner
        if it == '+':
            return ('*', inner[1])
        return ('O', inner)
    if t == '*':
        if it in ('O', '*', '+'):
            return ('*', inner[1])
        return ('*', inner)
    if t == '+':
        if it == '+':
            return inner
        if it in ('O', '*'):
            return ('*', inner[1])
        return ('+', inner)
    raise ValueError(m)


def model_names(m, out=None):
    """Element names of a model in depth-first order (first mention)."""
    if out is None:
        out = []
    t = m[0]
    if t == 'E':
        if m[1] not in out:
            out.append(m[1])
    elif t in ('S', 'C'):
        for c in m[1]:
            model_names(c, out)
    elif t in ('O', '*', '+'):
        model_names(m[1], out)
    return out


def model_size(m):
    t = m[0]
    if t in ('E', 'A'):
        return 1
    if t in ('S', 'C'):
        return 1 + sum(model_size(c) for c in m[1])
    return 1 + model_size(m[1])


def model_text(m):
    """Compact DTD-like rendering, used for conflict comments."""
    t = m[0]
    if t == 'E':
        return m[1]
    if t == 'A':
        return 'ANY'
    if t == 'S':
        return '(' + ', '.join(model_text(c) for c in m[1]) + ')'
    if t == 'C':
        return '(' + ' | '.join(model_text(c) for c in m[1]) + ')'
    inner = model_text(m[1])
    return inner + {'O': '?', '*': '*', '+': '+'}[t]


# ---------------------------------------------------------------------------
# Leaf types
#
# A leaf is (ty, max_len, values) with ty one of the LeafType variant names
# below; max_len 0 means "no limit given".
# ---------------------------------------------------------------------------

# The LeafType variants of grammar.rs.  ('Empty' is used only while parsing:
# elements that are always empty become aggregates without children.)
LEAF_TYPES = ['Text', 'Amount', 'Decimal', 'DateTime', 'Time', 'Bool', 'Int',
              'Enum', 'Currency']

# XSD simple types that are decimal numbers (all share one lexical pattern).
XSD_DECIMAL = {
    'AmountType': 'Amount', 'PositiveAmountType': 'Amount',
    'RateType': 'Decimal', 'QuantityType': 'Decimal',
    'PositiveQuantityType': 'Decimal', 'UnitPriceType': 'Decimal',
}
NUMBER_PATTERN = '[\\+\\-]?[0-9]*(([0-9][,\\.]?)|([,\\.][0-9]))[0-9]*'


# ---------------------------------------------------------------------------
# DTD
# ---------------------------------------------------------------------------

class Dtd:
    def __init__(self):
        self.elements = {}      # name -> ('leaf', leafdef) | ('agg', model)
        self.duplicates = []    # names declared more than once


NAME_RE = r'[A-Za-z][A-Za-z0-9.\-_]*'


def _dtd_datatype(code, entity):
    """Map a `#Datatype(...)` code of a type entity to a leaf."""
    code = code.strip().upper()
    m = re.fullmatch(r'A(\d*)-(\d+)', code)
    if m:
        n = int(m.group(2))
        return ('Empty' if n == 0 else 'Text', n, ())
    m = re.fullmatch(r'R-(\d+)', code)
    if m:
        return ('Text', int(m.group(1)), ())
    m = re.fullmatch(r'I-(\d+)', code)
    if m:
        return ('Int', int(m.group(1)), ())
    m = re.fullmatch(r'N-(\d+)', code)
    if m:
        return ('Amount' if entity == 'AMTTYPE' else 'Decimal', int(m.group(1)), ())
    if code == 'DATE':
        return ('DateTime', 0, ())
    if code == 'TIME':
        return ('Time', 0, ())
    if code == 'BOOL':
        return ('Bool', 1, ('Y', 'N'))
    raise ValueError(f'unknown DTD datatype {code!r} for {entity}')


class _ModelParser:
    """Recursive-descent parser for SGML content models (entities expanded)."""

    TOKEN_RE = re.compile(r'\s*(' + NAME_RE + r'|#PCDATA|[(),|&?*+])')

    def __init__(self, text):
        self.toks = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = self.TOKEN_RE.match(text, pos)
            if not m:
                if text[pos:].strip() == '':
                    break
                raise ValueError(f'bad content model near {text[pos:pos + 40]!r}')
            self.toks.append(m.group(1))
            pos = m.end()
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, want=None):
        t = self.peek()
        if want is not None and t != want:
            raise ValueError(f'expected {want!r}, got {t!r} in {" ".join(self.toks)}')
        self.i += 1
        return t

    def parse(self):
        m = self.group()
        if self.peek() is not None:
            raise ValueError(f'trailing tokens {self.toks[self.i:]}')
        return m

    def group(self):
        self.take('(')
        items = []
        conn = None
        if self.peek() == ')':          # empty group (only empty entities)
            self.take(')')
            return self.occ(EMPTY_SEQ)
        while True:
            items.append(self.item())
            t = self.peek()
            if t == ')':
                self.take()
                break
            if t in (',', '|', '&'):
                if conn is not None and conn != t:
                    raise ValueError('mixed connectors in one group')
                conn = t
                self.take()
                continue
            raise ValueError(f'unexpected {t!r}')
        if conn == '&':
            # "all of, any order": not used by OFX; would need expansion.
            raise ValueError('& connector not supported')
        kind = 'C' if conn == '|' else 'S'
        return self.occ((kind, tuple(items)))

    def item(self):
        t = self.peek()
        if t == '(':
            return self.group()
        if t is None or not re.fullmatch(NAME_RE, t):
            raise ValueError(f'expected a name, got {t!r}')
        self.take()
        return self.occ(('E', t))

    def occ(self, m):
        t = self.peek()
        if t == '?':
            self.take()
            return ('O', m)
        if t == '*':
            self.take()
            return ('*', m)
        if t == '+':
            self.take()
            return ('+', m)
        return m


def strip_sgml_comments(text):
    """Remove SGML comment declarations.

    An SGML comment declaration is `<!` followed by one or more comments
    `-- ... --` separated by blanks, then `>`.  Note that `-- >` (with a
    blank) legally ends one: the DTD uses that form, and an XML-style
    `<!--.*?-->` scan would swallow the declarations that follow it.
    """
    out = []
    i = 0
    while True:
        j = text.find('<!--', i)
        if j < 0:
            out.append(text[i:])
            return ''.join(out)
        out.append(text[i:j])
        k = j + 2                      # at the opening '--'
        while True:
            e = text.find('--', k + 2)
            if e < 0:
                raise ValueError(f'unterminated comment at offset {j}')
            k = e + 2
            while k < len(text) and text[k].isspace():
                k += 1
            if text.startswith('>', k):
                k += 1
                break
            if not text.startswith('--', k):
                raise ValueError(f'malformed comment declaration at offset {j}')
        out.append(' ')
        i = k


def parse_dtd(path):
    with open(path, encoding='latin-1') as f:
        text = f.read()
    dtd = Dtd()

    # Type annotations live in special comments next to each type entity.
    types = {}
    for m in re.finditer(r'<!--\s*#ENTITY\s+%\s*(\w+)\s+#Data[Tt]ype\(([^)]*)\)\s*-->', text):
        types[m.group(1)] = _dtd_datatype(m.group(2), m.group(1))
    for m in re.finditer(r'<!--\s*#ENTITY\s+%\s*(\w+)\s+#Enum\((.*?)\)\s*-->', text, re.S):
        vals = tuple(re.findall(r'"([^"]*)"', m.group(2)))
        ty = 'Currency' if m.group(1) == 'CURRENCYENUM' else 'Enum'
        types[m.group(1)] = (ty, max(len(v) for v in vals), vals)

    body = strip_sgml_comments(text)
    body = re.sub(r'^\s*<!DOCTYPE\s+\w+\s*\[', '', body)
    body = re.sub(r'\]\s*>\s*$', '', body)

    params = {}
    decls = re.findall(r'<!(ENTITY|ELEMENT)\s+((?:[^>"]|"[^"]*")*)>', body)

    def expand(s):
        for _ in range(50):
            n = re.sub(r'%(\w+);?', lambda m: params[m.group(1)], s)
            if n == s:
                return s
            s = n
        raise ValueError('entity recursion')

    for kind, rest in decls:
        rest = ' '.join(rest.split())
        if kind == 'ENTITY':
            m = re.fullmatch(r'%\s*(\w+)\s+"(.*)"', rest)
            if m:
                params[m.group(1)] = m.group(2)
            continue
        m = re.fullmatch(r'(\([^)]*\)|' + NAME_RE + r')\s+([-oO])\s+([-oO])\s+(.*)', rest)
        if not m:
            raise ValueError(f'cannot parse ELEMENT {rest[:60]!r}')
        names = re.findall(NAME_RE, m.group(1))
        end_tag_required = m.group(3) == '-'
        content = m.group(4).strip()
        leaf_entity = re.fullmatch(r'\(?\s*%(\w+);?\s*\)?', content)
        if leaf_entity and expand('%' + leaf_entity.group(1)).replace(' ', '') == '(#PCDATA)':
            ent = leaf_entity.group(1)
            if ent not in types:
                raise ValueError(f'no datatype for entity {ent}')
            leaf = types[ent]
            if leaf[0] == 'Empty' and end_tag_required:
                # `- - %EMPTYTYPE`: an aggregate that is always empty.
                defn = ('agg', EMPTY_SEQ)
            else:
                defn = ('leaf', leaf)
        else:
            expanded = expand(content)
            if '#PCDATA' in expanded:
                raise ValueError(f'mixed content in {names}')
            defn = ('agg', simplify(_ModelParser(expanded).parse()))
        for n in names:
            if n in dtd.elements:
                dtd.duplicates.append(n)
                if dtd.elements[n] == defn:
                    continue
                raise ValueError(f'conflicting DTD declarations of {n}')
            dtd.elements[n] = defn
    return dtd


# ---------------------------------------------------------------------------
# XSD
# ---------------------------------------------------------------------------

XS = '{http://www.w3.org/2001/XMLSchema}'


class Xsd:
    def __init__(self):
        self.files = []          # reachable files, include order
        self.unreachable = []    # files in the directory not included
        self.complex = {}        # name -> element
        self.simple = {}         # name -> element
        self.groups = {}         # name -> element
        self.abstract = set()
        self.root = None         # (name, type)
        # child name -> {type name -> set(parent element names)}
        self.occ = {}
        self.models = {}         # complex type name -> model
        self.leaves = {}         # simple type name -> leaf


def _local(qname):
    return qname.split(':', 1)[1] if ':' in qname else qname


def _occ_bounds(el):
    lo = int(el.get('minOccurs', '1'))
    hi = el.get('maxOccurs', '1')
    return lo, (None if hi == 'unbounded' else int(hi))


def parse_xsd(xsd_dir, root_file='OFX2_Protocol.xsd'):
    x = Xsd()
    stack = [root_file]
    while stack:
        f = stack.pop(0)
        if f in x.files:
            continue
        x.files.append(f)
        root = ET.parse(os.path.join(xsd_dir, f)).getroot()
        for inc in root.iter(XS + 'include'):
            stack.append(inc.get('schemaLocation').strip())
        for ch in root:
            name = ch.get('name')
            if ch.tag == XS + 'complexType':
                table = x.complex
                if ch.get('abstract') == 'true':
                    x.abstract.add(name)
            elif ch.tag == XS + 'simpleType':
                table = x.simple
            elif ch.tag == XS + 'group':
                table = x.groups
            elif ch.tag == XS + 'element':
                if x.root is not None:
                    raise ValueError('more than one global element')
                x.root = (name, _local(ch.get('type')))
                continue
            else:
                continue
            if name in table:
                raise ValueError(f'duplicate XSD definition {name}')
            table[name] = ch
    x.unreachable = sorted(f for f in os.listdir(xsd_dir)
                           if f.endswith('.xsd') and f not in x.files)

    for name, st in x.simple.items():
        x.leaves[name] = _xsd_leaf(name, st)

    # Walk the schema from the root element, building the model of every
    # complex type reached and recording every (parent, child, type) use.
    todo = [x.root]
    x.occ[x.root[0]] = {x.root[1]: set()}
    done = set()
    while todo:
        elem, tname = todo.pop(0)
        if tname in done or tname not in x.complex:
            continue
        done.add(tname)
        uses = []
        x.models[tname] = simplify(_complex_model(x, tname, uses))
        for child, ctype in uses:
            x.occ.setdefault(child, {}).setdefault(ctype, set())
            todo.append((child, ctype))
    # second pass: parents of each use (type -> element names of that type)
    elems_of_type = {}
    for child, types in x.occ.items():
        for t in types:
            elems_of_type.setdefault(t, set()).add(child)
    for tname in x.models:
        uses = []
        _complex_model(x, tname, uses)
        for child, ctype in uses:
            for parent in elems_of_type.get(tname, ()):
                x.occ[child][ctype].add(parent)
    return x


def _xsd_leaf(name, st):
    r = st.find(XS + 'restriction')
    if r is None:
        raise ValueError(f'simpleType {name} without restriction')
    enums = tuple(e.get('value') for e in r.findall(XS + 'enumeration'))
    maxlen = r.find(XS + 'maxLength')
    maxlen = int(maxlen.get('value')) if maxlen is not None else 0
    pattern = r.find(XS + 'pattern')
    pattern = pattern.get('value') if pattern is not None else None
    base = _local(r.get('base'))
    if enums:
        if set(enums) == {'Y', 'N'}:
            return ('Bool', 1, enums)
        if name == 'CurrencyEnum':
            return ('Currency', 3, enums)
        return ('Enum', max(len(v) for v in enums), enums)
    if name in XSD_DECIMAL:
        return (XSD_DECIMAL[name], maxlen, ())
    if pattern is not None and pattern.endswith(NUMBER_PATTERN[len('[\\+\\-]?'):]):
        return ('Decimal', maxlen, ())
    if name == 'DateTimeType':
        return ('DateTime', maxlen, ())
    if name == 'TimeType':
        return ('Time', maxlen, ())
    if base == 'gYear' or pattern == '[0-9]+':
        return ('Int', maxlen, ())
    if name == 'EmptyType':
        return ('Empty', 0, ())
    return ('Text', maxlen, ())


def _complex_model(x, tname, uses):
    ct = x.complex[tname]
    parts = []
    for ch in ct:
        if ch.tag == XS + 'complexContent':
            ext = ch.find(XS + 'extension')
            if ext is None:
                raise ValueError(f'{tname}: only extension is supported')
            base = _local(ext.get('base'))
            parts.append(_complex_model(x, base, uses))
            for p in ext:
                m = _particle(x, p, uses)
                if m is not None:
                    parts.append(m)
        else:
            m = _particle(x, ch, uses)
            if m is not None:
                parts.append(m)
    return ('S', tuple(parts))


def _particle(x, p, uses):
    tag = p.tag
    if tag in (XS + 'annotation', XS + 'attribute', XS + 'attributeGroup'):
        return None
    if tag == XS + 'element':
        name = p.get('name')
        if name is None:
            raise ValueError('element ref= is not supported')
        uses.append((name, _local(p.get('type'))))
        return occurs(('E', name), *_occ_bounds(p))
    if tag in (XS + 'sequence', XS + 'choice'):
        kids = [m for m in (_particle(x, c, uses) for c in p) if m is not None]
        kind = 'S' if tag == XS + 'sequence' else 'C'
        return occurs((kind, tuple(kids)), *_occ_bounds(p))
    if tag == XS + 'group':
        g = x.groups[_local(p.get('ref'))]
        inner = [m for m in (_particle(x, c, uses) for c in g) if m is not None]
        return occurs(('S', tuple(inner)), *_occ_bounds(p))
    if tag == XS + 'any':
        return occurs(('A',), *_occ_bounds(p))
    raise ValueError(f'unsupported particle {tag}')


# ---------------------------------------------------------------------------
# Combining the two grammars
#
# A "def" is ('leaf', (ty, max_len, values)) or ('agg', v1_model, v2_model)
# (a model is None when that grammar has no such aggregate).  A "view" is
# one grammar's statement about an element in one place:
#     ('v1', ('leaf', leaf) | ('agg', model))
#     ('v2', ('leaf', leaf) | ('agg', model))
# ---------------------------------------------------------------------------

def _union_values(lists):
    out = []
    for vals in lists:
        for v in vals:
            if v not in out:
                out.append(v)
    return tuple(out)


def merge_leaves(v1, v2):
    """Union-friendly merge of leaf views (lists of (ty, max_len, values));
    the XSD (v2) type wins where both grammars type the element."""
    primary = v2 or v1
    tys = {l[0] for l in primary}
    if len(tys) == 1:
        ty = tys.pop()
    elif tys <= {'Amount', 'Decimal'}:
        ty = 'Decimal'
    elif tys <= {'Enum', 'Currency', 'Bool'}:
        ty = 'Enum'
    else:
        ty = 'Text'                    # only text accepts every variant
    everything = v2 + v1
    if ty in ('Enum', 'Currency', 'Bool'):
        values = _union_values([l[2] for l in everything if l[0] in ('Enum', 'Currency', 'Bool')])
        max_len = max(len(v) for v in values)
    else:
        values = ()
        lens = [l[1] for l in everything]
        max_len = 0 if 0 in lens else max(lens)   # 0 = no limit: dominates
    return (ty, max_len, values)


def richest(models):
    """The richer of several content models: more distinct children, then a
    bigger model; ties broken on the rendered text so output is stable."""
    return sorted(set(models), key=lambda m: (-len(model_names(m)), -model_size(m), model_text(m)))[0]


def merge_views(views):
    """Combine views into one def.  Returns (def, minority_views) where the
    minority views are of the other kind (leaf vs aggregate) and could not
    be merged."""
    leaf_votes = sum(1 for _, d in views if d[0] == 'leaf')
    agg_votes = len(views) - leaf_votes
    kind = 'agg' if agg_votes >= leaf_votes else 'leaf'
    chosen = [(src, d) for src, d in views if d[0] == kind]
    minority = [(src, d) for src, d in views if d[0] != kind]
    if kind == 'leaf':
        v1 = [d[1] for src, d in chosen if src == 'v1']
        v2 = [d[1] for src, d in chosen if src == 'v2']
        return ('leaf', merge_leaves(v1, v2)), minority
    v1 = [d[1] for src, d in chosen if src == 'v1']
    v2 = [d[1] for src, d in chosen if src == 'v2']
    return ('agg', richest(v1) if v1 else None, richest(v2) if v2 else None), minority


def def_text(d):
    if d[0] == 'leaf':
        ty, n, vals = d[1]
        s = f'{ty}({n})'
        if vals and ty != 'Bool':
            s += f'[{len(vals)} values]'
        return s
    if len(d) == 2:                    # a single grammar's view
        return 'aggregate ' + model_text(d[1])
    parts = []
    if d[1] is not None:
        parts.append('v1 ' + model_text(d[1]))
    if d[2] is not None:
        parts.append('v2 ' + model_text(d[2]))
    return 'aggregate ' + ' / '.join(parts)


def material_difference(a, b):
    """Whether two defs differ in a way a parser must know about: kind,
    leaf type, or content model (lengths and enum values are merged)."""
    if a[0] != b[0]:
        return True
    if a[0] == 'leaf':
        return a[1][0] != b[1][0]
    return a[1:] != b[1:]


class Grammar:
    def __init__(self, dtd, xsd):
        self.dtd = dtd
        self.xsd = xsd
        self.defs = {}           # name -> def
        self.overrides = {}      # (parent, child) -> def
        self.conflicts = []      # (name, [(variant def, parents)], resolution)
        self.differences = []    # (name, text): v1 vs v2 disagreements
        self._build()

    def xsd_def(self, tname):
        if tname in self.xsd.models:
            return ('agg', self.xsd.models[tname])
        leaf = self.xsd.leaves[tname] if tname in self.xsd.leaves else ('Text', 0, ())
        if leaf[0] == 'Empty':
            # an element that is always empty: an aggregate without children
            return ('agg', EMPTY_SEQ)
        return ('leaf', leaf)

    def _build(self):
        dtd, xsd = self.dtd, self.xsd
        names = set(dtd.elements) | set(xsd.occ)
        dtd_parents = {}
        for p, d in dtd.elements.items():
            if d[0] == 'agg':
                for c in model_names(d[1]):
                    dtd_parents.setdefault(c, set()).add(p)
                    names.add(c)
        missing = sorted(n for n in names if n not in dtd.elements and n not in xsd.occ)
        if missing:
            raise ValueError(f'elements used but never defined: {missing}')
        self.names = sorted(names)

        for n in self.names:
            ddef = dtd.elements.get(n)
            variants = {}                       # xsd def -> set(parents)
            for tname, parents in sorted(xsd.occ.get(n, {}).items()):
                variants.setdefault(self.xsd_def(tname), set()).update(parents)
            # default: every view, XSD variants weighted by their parent count
            views = []
            if ddef is not None:
                views.append(('v1', ddef))
            for vd, parents in variants.items():
                views.extend([('v2', vd)] * max(1, len(parents)))
            default, _ = merge_views(views)
            self.defs[n] = default

            if len(xsd.occ.get(n, {})) > 1:
                vlist = sorted(((vd, sorted(ps)) for vd, ps in variants.items()),
                               key=lambda t: (t[1], def_text(t[0])))
                self.conflicts.append((n, vlist))

            # per-parent views -> overrides where they matter
            contexts = {}
            for vd, parents in variants.items():
                for p in parents:
                    contexts.setdefault(p, []).append(('v2', vd))
            if ddef is not None:
                for p in dtd_parents.get(n, ()):
                    contexts.setdefault(p, []).append(('v1', ddef))
            for p, pviews in contexts.items():
                pdef, _ = merge_views(pviews)
                # a context that lacks the DTD view would drop v1; compare
                # kinds/types/models only against what this context states
                cmp = default
                if pdef[0] == 'agg' and default[0] == 'agg':
                    cmp = ('agg',
                           default[1] if pdef[1] is not None else None,
                           default[2] if pdef[2] is not None else None)
                if material_difference(pdef, cmp):
                    self.overrides[(p, n)] = pdef

            # v1 / v2 disagreements (reported as comments).  Only where the
            # DTD disagrees with every XSD variant; differences between XSD
            # variants are reported as conflicts.
            if ddef is not None and variants and ddef not in variants:
                vd = sorted(variants.items(), key=lambda t: (-len(t[1]), def_text(t[0])))[0][0]
                if vd[0] != ddef[0]:
                    self.differences.append((n, f'v1 {def_text(ddef)}; v2 {def_text(vd)}'))
                elif vd[0] == 'leaf':
                    a, b = ddef[1], vd[1]
                    bits = []
                    if a[0] != b[0]:
                        bits.append(f'type v1 {a[0]} v2 {b[0]}')
                    if a[1] != b[1] and not (a[2] or b[2]):
                        bits.append(f'max_len v1 {a[1]} v2 {b[1]}')
                    only1 = [v for v in a[2] if v not in b[2]]
                    only2 = [v for v in b[2] if v not in a[2]]
                    if only1:
                        bits.append('v1 only ' + ' '.join(only1))
                    if only2:
                        bits.append('v2 only ' + ' '.join(only2))
                    if bits:
                        self.differences.append((n, '; '.join(bits)))
        self.differences = sorted(set(self.differences))


# ---------------------------------------------------------------------------
# Rust output
# ---------------------------------------------------------------------------

# Name hash, mirrored by `lookup` in grammar.rs: the name is read as
# little-endian 64-bit words (the last one zero-padded); each is xor-ed into
# the state, which is then multiplied by an odd constant (Fibonacci hashing).
# The table index is the top bits of the result.  Names are at most a few
# words long, so this is a handful of multiplies instead of FNV-1a's one per
# byte.
HASH_K = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


def name_hash(data: bytes) -> int:
    h = len(data)
    for i in range(0, len(data), 8):
        word = int.from_bytes(data[i:i + 8].ljust(8, b'\0'), 'little')
        h = ((h ^ word) * HASH_K) & MASK64
    return h


def rust_ident(name):
    ident = re.sub(r'[^A-Za-z0-9_]', '_', name)
    if not re.fullmatch(r'[A-Z][A-Z0-9_]*', ident):
        raise ValueError(f'cannot make an identifier of {name!r}')
    return ident


def rust_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def rust_model(m, ids):
    t = m[0]
    if t == 'E':
        return f'Model::Elem(ids::{ids[m[1]]})'
    if t == 'A':
        return 'Model::Any'
    if t in ('S', 'C'):
        kind = 'Seq' if t == 'S' else 'Choice'
        return f'Model::{kind}(&[' + ', '.join(rust_model(c, ids) for c in m[1]) + '])'
    kind = {'O': 'Opt', '*': 'Star', '+': 'Plus'}[t]
    return f'Model::{kind}(&' + rust_model(m[1], ids) + ')'


def rust_model_static(name, m, ids):
    """A `static NAME: Model = ...;` with the outermost group one item per line."""
    if m[0] in ('S', 'C') and m[1]:
        kind = 'Seq' if m[0] == 'S' else 'Choice'
        lines = [f'static {name}: Model = Model::{kind}(&[']
        lines += [f'    {rust_model(c, ids)},' for c in m[1]]
        lines.append(']);')
        return '\n'.join(lines)
    return f'static {name}: Model = {rust_model(m, ids)};'


def emit(g: Grammar) -> str:
    names = g.names
    if len(names) >= 0xFFFF:
        raise ValueError('too many elements for u16 ids')
    ids = {n: rust_ident(n) for n in names}
    if len(set(ids.values())) != len(ids):
        raise ValueError('identifier collision')
    index = {n: i for i, n in enumerate(names)}

    # enumeration value lists, shared between leaves with equal lists
    value_lists = {}
    def values_ref(vals):
        if not vals:
            return '&[]'
        return '&' + value_lists[vals]

    def collect(d, owner):
        if d[0] == 'leaf' and d[1][2] and d[1][2] not in value_lists:
            label = 'BOOL' if d[1][0] == 'Bool' else ids[owner]
            value_lists[d[1][2]] = f'VALUES_{label}'

    for n in names:
        collect(g.defs[n], n)
    for (p, c), d in sorted(g.overrides.items()):
        collect(d, f'{p}_{c}')

    model_statics = []          # (static name, model)

    def rust_def(n, d, prefix):
        if d[0] == 'leaf':
            ty, max_len, vals = d[1]
            if ty not in LEAF_TYPES:
                raise ValueError(f'leaf type {ty} of {n} has no Rust variant')
            if max_len > 0xFFFF:
                raise ValueError(f'max_len of {n} does not fit u16')
            return (f'Kind::Leaf(LeafDef {{ ty: LeafType::{ty}, max_len: {max_len}, '
                    f'values: {values_ref(vals)} }})')
        refs = []
        for ver, m in (('V1', d[1]), ('V2', d[2])):
            if m is None:
                refs.append('None')
            else:
                sname = f'{prefix}{ver}_{ids[n]}'
                model_statics.append((sname, m))
                refs.append(f'Some(&{sname})')
        return f'Kind::Aggregate {{ v1: {refs[0]}, v2: {refs[1]} }}'

    element_lines = []
    for n in names:
        element_lines.append(f'    ElementDef {{ name: {rust_str(n)}, kind: {rust_def(n, g.defs[n], "")} }},')
    override_lines = []
    for (p, c) in sorted(g.overrides, key=lambda k: (index[k[0]], index[k[1]])):
        d = g.overrides[(p, c)]
        kind = rust_def(c, d, f'OVR_{ids[p]}_')
        override_lines.append(f'    (ids::{ids[p]}, ids::{ids[c]}, ElementDef {{ name: {rust_str(c)}, kind: {kind} }}),')

    # open-addressing hash table, linear probing
    bits = 1
    while (1 << bits) < 2 * len(names):
        bits += 1
    size = 1 << bits
    slots = [0xFFFF] * size
    max_probe = 0
    total_probe = 0
    for i, n in enumerate(names):
        h = name_hash(n.encode('ascii')) >> (64 - bits)
        probe = 0
        while slots[h] != 0xFFFF:
            h = (h + 1) & (size - 1)
            probe += 1
        slots[h] = i
        max_probe = max(max_probe, probe)
        total_probe += probe

    n_agg = sum(1 for n in names if g.defs[n][0] == 'agg')
    out = []
    w = out.append
    w('// @generated by tools/gen_grammar.py -- do not edit by hand.')
    w('// Regenerate with: python3 tools/gen_grammar.py ../shared/ofx-spec --out src/model/grammar_table.rs')
    w('//')
    w('// Grammar facts of the OFX 1.6 SGML DTD (v1) and the OFX 2.3 XML schemas (v2):')
    w('// element names, content models, leaf types, enumeration values, lengths.')
    w('//')
    w(f'// elements: {len(names)} (aggregates: {n_agg}, leaves: {len(names) - n_agg})')
    w(f'// in the DTD: {sum(1 for n in names if n in g.dtd.elements)}, '
      f'in the XSD: {sum(1 for n in names if n in g.xsd.occ)}, '
      f'in both: {sum(1 for n in names if n in g.dtd.elements and n in g.xsd.occ)}')
    w(f'// XSD conflicts (one name, several types): {len(g.conflicts)}; '
      f'parent overrides: {len(g.overrides)}')
    w(f'// hash table: {size} slots, longest probe {max_probe}, '
      f'mean probe {total_probe / len(names):.2f}')
    w('//')
    w('// Conflicts: the element definition holds the union-friendly choice; a')
    w('// parent override is listed where kind, leaf type or model differs.')
    for n, vlist in g.conflicts:
        parts = [f'{def_text(vd)} in {", ".join(ps)}' for vd, ps in vlist]
        res = def_text(g.defs[n])
        if len(vlist) == 1:
            res = 'equivalent'
        w(f'// conflict: {n}: ' + '; '.join(parts) + f' => {res}')
    w('//')
    w('// Leaves where the DTD (v1) and the XSD (v2) disagree (the table merges them):')
    for n, text in g.differences:
        w(f'// v1/v2: {n}: {text}')
    w('')
    w('use super::{ElemId, ElementDef, Kind, LeafDef, LeafType, Model};')
    w('')
    w('/// Number of elements; ids are `0..ELEMENT_COUNT`.')
    w(f'pub const ELEMENT_COUNT: usize = {len(names)};')
    w('/// Length of the longest element name.')
    w(f'pub const MAX_NAME_LEN: usize = {max(len(n) for n in names)};')
    w('/// `HASH_SLOTS.len() - 1` (the table size is a power of two).')
    w(f'pub const HASH_MASK: usize = {size - 1};')
    w('/// The table index of a name is its hash shifted right by this.')
    w(f'pub const HASH_SHIFT: u32 = {64 - bits};')
    w('/// The odd multiplier of the name hash.')
    w(f'pub const HASH_K: u64 = {HASH_K:#018x};')
    w('/// An empty slot of [`HASH_SLOTS`].')
    w('pub const HASH_EMPTY: u16 = u16::MAX;')
    w('')
    w('/// Element ids: one constant per element name (`.` becomes `_`).')
    w('pub mod ids {')
    w('    use super::ElemId;')
    for i, n in enumerate(names):
        w(f'    pub const {ids[n]}: ElemId = {i};')
    w('}')
    w('')
    for vals, sname in sorted(value_lists.items(), key=lambda t: t[1]):
        w(f'static {sname}: [&str; {len(vals)}] = [')
        line = '   '
        for v in vals:
            piece = ' ' + rust_str(v) + ','
            if len(line) + len(piece) > 100:
                w(line)
                line = '   '
            line += piece
        w(line)
        w('];')
    w('')
    for sname, m in model_statics:
        w(rust_model_static(sname, m, ids))
    w('')
    w('/// Every element, sorted by name; an `ElemId` indexes this array.')
    w(f'pub static ELEMENTS: [ElementDef; {len(names)}] = [')
    out.extend(element_lines)
    w('];')
    w('')
    w('/// (parent, child) -> the child\'s definition in that parent, where it')
    w('/// differs materially from the child\'s own entry. Sorted by (parent, child).')
    w(f'pub static PARENT_OVERRIDES: [(ElemId, ElemId, ElementDef); {len(override_lines)}] = [')
    out.extend(override_lines)
    w('];')
    w('')
    w('/// Open-addressing table (linear probing): slot -> element id.')
    w(f'pub static HASH_SLOTS: [u16; {size}] = [')
    for i in range(0, size, 16):
        w('    ' + ' '.join(f'{s},' for s in slots[i:i + 16]))
    w('];')
    return '\n'.join(out) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('spec_dir', help='directory holding dtd/ and xsd/')
    ap.add_argument('--out', help='write here instead of stdout')
    ap.add_argument('--stats', action='store_true', help='print a summary to stderr')
    args = ap.parse_args(argv)
    dtd_path = os.path.join(args.spec_dir, 'dtd', 'ofx160-103.dtd')
    xsd_dir = os.path.join(args.spec_dir, 'xsd')
    g = Grammar(parse_dtd(dtd_path), parse_xsd(xsd_dir))
    text = emit(g)
    if args.out:
        with open(args.out, 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.stats:
        n_agg = sum(1 for n in g.names if g.defs[n][0] == 'agg')
        print(f'elements {len(g.names)} aggregates {n_agg} leaves {len(g.names) - n_agg} '
              f'conflicts {len(g.conflicts)} overrides {len(g.overrides)} '
              f'v1/v2 leaf differences {len(g.differences)} '
              f'unreachable xsd files {g.xsd.unreachable}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
