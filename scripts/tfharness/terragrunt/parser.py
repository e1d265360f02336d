"""Recursive-descent parser for HCL native syntax.

Produces the AST of :mod:`.nodes`.  Follows hclsyntax: newlines end attributes
and separate object items, but are ignored inside ``()``, ``[]`` and template
sequences; heredoc ``<<-`` trimming and ``~`` strip markers are applied here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from . import nodes as n
from .errors import HclError, Pos
from .lexer import T, Token, tokenize

_BINARY_LEVELS: list[tuple[str, ...]] = [
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "/", "%"),
]
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD_LITERALS: dict[str, object] = {"true": True, "false": False, "null": None}


@dataclass
class _Part:
    """A flat template part before directives are nested."""

    kind: str  # lit | interp | if | else | endif | for | endfor
    pos: Pos
    text: str = ""
    expr: n.Node | None = None
    strip_before: bool = False
    strip_after: bool = False
    key_var: str | None = None
    value_var: str = ""


class Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.newline_stack: list[bool] = [True]

    # -- token access --------------------------------------------------------
    def _skip(self) -> None:
        if not self.newline_stack[-1]:
            while self.tokens[self.i].type is T.NEWLINE:
                self.i += 1

    def peek(self) -> Token:
        self._skip()
        return self.tokens[self.i]

    def peek_at(self, offset: int) -> Token:
        self._skip()
        j = self.i
        for _ in range(offset):
            j += 1
            if not self.newline_stack[-1]:
                while self.tokens[j].type is T.NEWLINE:
                    j += 1
        return self.tokens[min(j, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.peek()
        if tok.type is not T.EOF:
            self.i += 1
        return tok

    def error(self, message: str, tok: Token | None = None) -> HclError:
        return HclError(message, (tok or self.peek()).pos)

    def expect_punct(self, text: str, what: str) -> Token:
        tok = self.next()
        if not tok.is_punct(text):
            raise self.error(f"Expected {text!r} {what}, found {_describe(tok)}", tok)
        return tok

    def push_newlines(self, include: bool) -> None:
        self.newline_stack.append(include)

    def pop_newlines(self) -> None:
        self.newline_stack.pop()

    # -- bodies --------------------------------------------------------------
    def parse_file(self) -> n.Body:
        body = self.parse_body(self.tokens[0].pos, closing=False)
        tok = self.peek()
        if tok.type is not T.EOF:
            raise self.error(f"Unexpected {_describe(tok)}; expected an attribute or block", tok)
        return body

    def parse_body(self, pos: Pos, *, closing: bool) -> n.Body:
        body = n.Body(pos)
        while True:
            tok = self.peek()
            if tok.type is T.NEWLINE:
                self.next()
                continue
            if tok.type is T.EOF or (closing and tok.is_punct("}")):
                return body
            self.parse_body_item(body)

    def parse_body_item(self, body: n.Body) -> None:
        tok = self.next()
        if tok.type is not T.IDENT:
            raise self.error(
                f"Unexpected {_describe(tok)}: an argument or block definition is required here",
                tok,
            )
        if self.peek().is_punct("="):
            self.next()
            attr = n.Attribute(tok.text, self.parse_expression(), tok.pos)
            self.add_attribute(body, attr)
            self.expect_item_end("argument definition")
            return
        labels: list[str] = []
        while not self.peek().is_punct("{"):
            labels.append(self.parse_label())
        self.next()
        block_body = self.parse_block_body(tok.pos)
        body.blocks.append(n.Block(tok.text, labels, block_body, tok.pos))
        self.expect_item_end("block definition")

    def add_attribute(self, body: n.Body, attr: n.Attribute) -> None:
        if attr.name in body.attributes:
            first = body.attributes[attr.name].pos
            raise HclError(
                f"Attribute redefined: the argument {attr.name!r} was already set at "
                f"{first.filename}:{first.line}",
                attr.pos,
            )
        body.attributes[attr.name] = attr

    def parse_label(self) -> str:
        tok = self.next()
        if tok.type is T.IDENT:
            return tok.text
        if tok.type is T.OQUOTE:
            tmpl = self.parse_quoted_template(tok)
            if isinstance(tmpl, n.Literal) and isinstance(tmpl.value, str):
                return tmpl.value
            raise self.error("Invalid block label: templates are not allowed in labels", tok)
        raise self.error(
            f"Invalid block definition: expected a label or '{{', found {_describe(tok)}", tok
        )

    def parse_block_body(self, pos: Pos) -> n.Body:
        tok = self.tokens[self.i]
        if tok.type is T.NEWLINE:
            body = self.parse_body(pos, closing=True)
            self.expect_punct("}", "to close the block")
            return body
        # single-line block: empty or exactly one attribute
        body = n.Body(pos)
        if self.peek().is_punct("}"):
            self.next()
            return body
        name = self.next()
        if name.type is not T.IDENT or not self.peek().is_punct("="):
            raise self.error(
                "Invalid single-line block definition: a single-line block may contain at most "
                "one argument; put nested blocks on their own lines",
                name,
            )
        self.next()
        self.add_attribute(body, n.Attribute(name.text, self.parse_expression(), name.pos))
        close = self.next()
        if not close.is_punct("}"):
            raise self.error(
                "Invalid single-line block definition: only one argument is allowed, "
                "and the closing brace must be on the same line",
                close,
            )
        return body

    def expect_item_end(self, what: str) -> None:
        tok = self.tokens[self.i]
        if tok.type in (T.NEWLINE, T.EOF):
            if tok.type is T.NEWLINE:
                self.i += 1
            return
        if tok.is_punct("}"):
            return
        raise self.error(
            f"Invalid {what}: a newline is required after it, found {_describe(tok)}", tok
        )

    # -- expressions ---------------------------------------------------------
    def parse_expression(self) -> n.Node:
        return self.parse_conditional()

    def parse_conditional(self) -> n.Node:
        cond = self.parse_binary(0)
        if not self.peek().is_punct("?"):
            return cond
        self.next()
        true_expr = self.parse_expression()
        self.expect_punct(":", "in conditional expression")
        false_expr = self.parse_expression()
        return n.Conditional(cond.pos, cond, true_expr, false_expr)

    def parse_binary(self, level: int) -> n.Node:
        if level >= len(_BINARY_LEVELS):
            return self.parse_unary()
        left = self.parse_binary(level + 1)
        while True:
            tok = self.peek()
            if tok.type is not T.PUNCT or tok.text not in _BINARY_LEVELS[level]:
                return left
            self.next()
            right = self.parse_binary(level + 1)
            left = n.BinaryOp(tok.pos, tok.text, left, right)

    def parse_unary(self) -> n.Node:
        tok = self.peek()
        if tok.is_punct("!") or tok.is_punct("-"):
            self.next()
            operand = self.parse_unary()
            return n.UnaryOp(tok.pos, tok.text, operand)
        return self.parse_postfix(self.parse_primary())

    def parse_postfix(self, expr: n.Node) -> n.Node:
        while True:
            tok = self.tokens[self.i]
            if tok.is_punct("."):
                follow = self.tokens[self.i + 1]
                if follow.is_punct("*"):
                    self.i += 2
                    expr = n.Splat(tok.pos, expr, self.parse_splat_each(tok.pos, full=False), False)
                    continue
                self.i += 1
                expr = self.parse_dot_step(expr, tok.pos)
            elif tok.is_punct("["):
                if self.tokens[self.i + 1].is_punct("*") and self.tokens[self.i + 2].is_punct("]"):
                    self.i += 3
                    expr = n.Splat(tok.pos, expr, self.parse_splat_each(tok.pos, full=True), True)
                    continue
                self.i += 1
                expr = self.parse_index(expr, tok.pos)
            else:
                return expr

    def parse_dot_step(self, expr: n.Node, pos: Pos) -> n.Node:
        step = self.tokens[self.i]
        if step.type is T.IDENT:
            self.i += 1
            return n.GetAttr(pos, expr, step.text)
        if step.type is T.NUMBER:
            self.i += 1
            return n.Index(pos, expr, n.Literal(step.pos, Decimal(step.text)), legacy=True)
        raise self.error("Invalid attribute name: an attribute name is required after a dot", step)

    def parse_index(self, expr: n.Node, pos: Pos) -> n.Node:
        self.push_newlines(False)
        key = self.parse_expression()
        self.expect_punct("]", "to close the index")
        self.pop_newlines()
        return n.Index(pos, expr, key)

    def parse_splat_each(self, pos: Pos, *, full: bool) -> n.Node:
        each: n.Node = n.AnonSymbol(pos)
        while True:
            tok = self.tokens[self.i]
            if tok.is_punct(".") and not self.tokens[self.i + 1].is_punct("*"):
                self.i += 1
                each = self.parse_dot_step(each, tok.pos)
            elif full and tok.is_punct("[") and not self.tokens[self.i + 1].is_punct("*"):
                self.i += 1
                each = self.parse_index(each, tok.pos)
            else:
                return each

    def parse_primary(self) -> n.Node:  # noqa: PLR0911 - one branch per node/value kind reads best
        tok = self.next()
        if tok.type is T.NUMBER:
            return n.Literal(tok.pos, Decimal(tok.text))
        if tok.type is T.IDENT:
            return self.parse_ident_expr(tok)
        if tok.type is T.OQUOTE:
            return self.parse_quoted_template(tok)
        if tok.type is T.OHEREDOC:
            return self.parse_heredoc(tok)
        if tok.is_punct("("):
            self.push_newlines(False)
            inner = self.parse_expression()
            self.expect_punct(")", "to close the parenthesis")
            self.pop_newlines()
            return n.Paren(tok.pos, inner)
        if tok.is_punct("["):
            return self.parse_tuple(tok)
        if tok.is_punct("{"):
            return self.parse_object(tok)
        raise self.error(
            f"Invalid expression: expected the start of an expression, found {_describe(tok)}", tok
        )

    def parse_ident_expr(self, tok: Token) -> n.Node:
        if tok.text in _KEYWORD_LITERALS:
            return n.Literal(tok.pos, _KEYWORD_LITERALS[tok.text])
        if self.tokens[self.i].is_punct("("):
            self.i += 1
            return self.parse_call(tok)
        if self.tokens[self.i].is_punct(":") and self.tokens[self.i + 1].is_punct(":"):
            raise self.error(
                "Unsupported construct: provider-defined or namespaced functions "
                f"({tok.text}::...) are outside the Terragrunt subset",
                tok,
            )
        return n.Variable(tok.pos, tok.text)

    def parse_call(self, name: Token) -> n.Node:
        self.push_newlines(False)
        args: list[n.Node] = []
        expand = False
        while not self.peek().is_punct(")"):
            args.append(self.parse_expression())
            if self.peek().is_punct("..."):
                self.next()
                expand = True
                if not self.peek().is_punct(")"):
                    raise self.error(
                        "Missing closing parenthesis: '...' must follow the final argument"
                    )
                break
            if not self.peek().is_punct(")"):
                self.expect_punct(",", "between function arguments")
        self.next()
        self.pop_newlines()
        return n.FunctionCall(name.pos, name.text, args, expand)

    def parse_tuple(self, open_tok: Token) -> n.Node:
        self.push_newlines(False)
        try:
            if self.is_for_start():
                return self.parse_for(open_tok, closing="]")
            items: list[n.Node] = []
            while not self.peek().is_punct("]"):
                items.append(self.parse_expression())
                if not self.peek().is_punct("]"):
                    self.expect_punct(",", "between tuple elements")
            self.next()
            return n.TupleCons(open_tok.pos, items)
        finally:
            self.pop_newlines()

    def is_for_start(self) -> bool:
        tok = self.peek()
        return tok.type is T.IDENT and tok.text == "for" and self.peek_at(1).type is T.IDENT

    def parse_object(self, open_tok: Token) -> n.Node:
        self.push_newlines(False)
        if self.is_for_start():
            try:
                return self.parse_for(open_tok, closing="}")
            finally:
                self.pop_newlines()
        self.pop_newlines()
        self.push_newlines(True)
        try:
            return self.parse_object_items(open_tok)
        finally:
            self.pop_newlines()

    def parse_object_items(self, open_tok: Token) -> n.Node:
        items: list[n.ObjectItem] = []
        while True:
            tok = self.peek()
            if tok.type is T.NEWLINE or tok.is_punct(","):
                self.next()
                continue
            if tok.is_punct("}"):
                self.next()
                return n.ObjectCons(open_tok.pos, items)
            self.push_newlines(False)
            key = self.parse_expression()
            sep = self.next()
            self.pop_newlines()
            if not (sep.is_punct("=") or sep.is_punct(":")):
                raise self.error(
                    f"Missing key/value separator: expected '=' or ':' after an object key, found "
                    f"{_describe(sep)}",
                    sep,
                )
            value = self.parse_expression()
            bare = key.name if isinstance(key, n.Variable) else None
            items.append(n.ObjectItem(key, value, bare))
            end = self.peek()
            if not (end.type is T.NEWLINE or end.is_punct(",") or end.is_punct("}")):
                raise self.error(
                    f"Missing item separator: expected a newline or comma after an object item, "
                    f"found {_describe(end)}",
                    end,
                )

    def parse_for(self, open_tok: Token, closing: str) -> n.Node:
        self.next()  # 'for'
        first = self.next()
        key_var: str | None = None
        value_var = first.text
        if self.peek().is_punct(","):
            self.next()
            second = self.next()
            if second.type is not T.IDENT:
                raise self.error(
                    "Invalid for expression: a variable name is required after ','", second
                )
            key_var, value_var = first.text, second.text
        in_tok = self.next()
        if in_tok.type is not T.IDENT or in_tok.text != "in":
            raise self.error("Invalid for expression: expected 'in'", in_tok)
        coll = self.parse_expression()
        self.expect_punct(":", "after the for expression's collection")
        key_expr: n.Node | None = None
        value_expr = self.parse_expression()
        if closing == "}":
            self.expect_punct("=>", "in an object for expression")
            key_expr, value_expr = value_expr, self.parse_expression()
        group = False
        if self.peek().is_punct("..."):
            if closing != "}":
                raise self.error(
                    "Invalid for expression: grouping '...' is only for object for expressions"
                )
            self.next()
            group = True
        cond: n.Node | None = None
        if self.peek().type is T.IDENT and self.peek().text == "if":
            self.next()
            cond = self.parse_expression()
        self.expect_punct(closing, "to close the for expression")
        return n.ForExpr(open_tok.pos, key_var, value_var, coll, key_expr, value_expr, cond, group)

    # -- templates -----------------------------------------------------------
    def parse_quoted_template(self, open_tok: Token) -> n.Node:
        parts: list[_Part] = []
        while True:
            tok = self.tokens[self.i]
            if tok.type is T.CQUOTE:
                self.i += 1
                break
            if tok.type is T.QUOTED_LIT:
                self.i += 1
                parts.append(_Part("lit", tok.pos, text=_decode_quoted(tok)))
            else:
                parts.append(self.parse_template_sequence())
        return self.finish_template(open_tok.pos, parts, flush=False)

    def parse_heredoc(self, open_tok: Token) -> n.Node:
        parts: list[_Part] = []
        while True:
            tok = self.tokens[self.i]
            if tok.type is T.CHEREDOC:
                self.i += 1
                break
            if tok.type is T.HEREDOC_LIT:
                self.i += 1
                parts.append(_Part("lit", tok.pos, text=_unescape_template(tok.text)))
            else:
                parts.append(self.parse_template_sequence())
        return self.finish_template(open_tok.pos, parts, flush=open_tok.flush)

    def parse_template_sequence(self) -> _Part:
        tok = self.tokens[self.i]
        self.i += 1
        self.push_newlines(False)
        try:
            if tok.type is T.TEMPLATE_INTERP:
                part = _Part(
                    "interp", tok.pos, expr=self.parse_expression(), strip_before=tok.strip
                )
            elif tok.type is T.TEMPLATE_CONTROL:
                part = self.parse_directive(tok)
            else:
                raise self.error(f"Unexpected {_describe(tok)} in template", tok)
            end = self.next()
            if end.type is not T.TEMPLATE_SEQ_END:
                raise self.error(
                    f"Extra characters in template sequence: found {_describe(end)}", end
                )
            part.strip_after = end.strip
            return part
        finally:
            self.pop_newlines()

    def parse_directive(self, tok: Token) -> _Part:
        word = self.next()
        if word.type is not T.IDENT:
            raise self.error(
                "Invalid template directive: expected if, else, endif, for or endfor", word
            )
        kind = word.text
        if kind == "if":
            return _Part("if", tok.pos, expr=self.parse_expression(), strip_before=tok.strip)
        if kind in ("else", "endif", "endfor"):
            return _Part(kind, tok.pos, strip_before=tok.strip)
        if kind == "for":
            first = self.next()
            key_var: str | None = None
            value_var = first.text
            if self.peek().is_punct(","):
                self.next()
                key_var, value_var = first.text, self.next().text
            in_tok = self.next()
            if in_tok.text != "in":
                raise self.error("Invalid template for directive: expected 'in'", in_tok)
            coll = self.parse_expression()
            return _Part(
                "for",
                tok.pos,
                expr=coll,
                strip_before=tok.strip,
                key_var=key_var,
                value_var=value_var,
            )
        raise self.error(f"Invalid template directive {kind!r}", word)

    def finish_template(self, pos: Pos, parts: list[_Part], *, flush: bool) -> n.Node:
        _apply_strip_markers(parts)
        if flush:
            _flush_heredoc(parts)
        if len(parts) == 1 and parts[0].kind == "interp":
            assert parts[0].expr is not None
            return n.TemplateWrap(pos, parts[0].expr)
        nodes, stop, index = _nest(parts, 0, ())
        if stop is not None:
            raise HclError(
                f"Unexpected %{{{stop.kind}}} directive without a matching opener", stop.pos
            )
        assert index == len(parts)
        if not nodes:
            return n.Literal(pos, "")
        if len(nodes) == 1 and isinstance(nodes[0], n.Literal):
            return n.Literal(pos, nodes[0].value)
        return n.TemplateExpr(pos, nodes)


def _nest(
    parts: list[_Part], i: int, stops: tuple[str, ...]
) -> tuple[list[n.Node], _Part | None, int]:
    """Nest flat template parts into directive nodes; stops at one of ``stops``."""
    out: list[n.Node] = []
    while i < len(parts):
        p = parts[i]
        if p.kind in ("else", "endif", "endfor"):
            if p.kind in stops:
                return out, p, i + 1
            return out, p, i
        i += 1
        if p.kind == "lit":
            if p.text:
                out.append(n.Literal(p.pos, p.text))
        elif p.kind == "interp":
            assert p.expr is not None
            out.append(p.expr)
        elif p.kind == "if":
            i = _nest_if(parts, p, i, out)
        else:
            body, stop, i = _nest(parts, i, ("endfor",))
            if stop is None or stop.kind != "endfor":
                raise HclError("Unterminated template for directive: missing %{endfor}", p.pos)
            assert p.expr is not None
            out.append(n.TemplateFor(p.pos, p.key_var, p.value_var, p.expr, body))
    return out, None, i


def _nest_if(parts: list[_Part], p: _Part, i: int, out: list[n.Node]) -> int:
    then, stop, i = _nest(parts, i, ("else", "endif"))
    otherwise: list[n.Node] = []
    if stop is not None and stop.kind == "else":
        otherwise, stop, i = _nest(parts, i, ("endif",))
    if stop is None or stop.kind != "endif":
        raise HclError("Unterminated template if directive: missing %{endif}", p.pos)
    assert p.expr is not None
    out.append(n.TemplateIf(p.pos, p.expr, then, otherwise))
    return i


def _apply_strip_markers(parts: list[_Part]) -> None:
    for idx, p in enumerate(parts):
        if p.kind == "lit":
            continue
        if p.strip_before and idx > 0 and parts[idx - 1].kind == "lit":
            parts[idx - 1].text = parts[idx - 1].text.rstrip()
        if p.strip_after and idx + 1 < len(parts) and parts[idx + 1].kind == "lit":
            parts[idx + 1].text = parts[idx + 1].text.lstrip()


def _grapheme_count(text: str) -> int:
    return sum(1 for ch in text if not unicodedata.combining(ch))


def _flush_heredoc(parts: list[_Part]) -> None:
    """``<<-`` trimming, as hclsyntax's flushHeredocTemplateParts."""
    big = 1 << 62
    min_spaces = big
    newline = True
    adjust: list[_Part] = []
    for p in parts:
        if newline:
            newline = False
            if p.kind == "lit":
                trimmed = p.text.lstrip()
                if not trimmed and p.text.endswith("\n"):
                    spaces = big
                else:
                    spaces = _grapheme_count(p.text[: len(p.text) - len(trimmed)])
                    adjust.append(p)
            else:
                spaces = 0
            min_spaces = min(min_spaces, spaces)
        if p.kind == "lit" and p.text.endswith("\n"):
            newline = True
    if min_spaces == big:
        return
    for p in adjust:
        p.text = _drop_graphemes(p.text, min_spaces)


def _drop_graphemes(text: str, count: int) -> str:
    i = 0
    dropped = 0
    while i < len(text) and dropped < count:
        i += 1
        while i < len(text) and unicodedata.combining(text[i]):
            i += 1
        dropped += 1
    return text[i:]


def _unescape_template(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("$${", "${").replace("%%{", "%{"))


_ESCAPE_RE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{", re.DOTALL)


def _decode_quoted(tok: Token) -> str:
    def repl(m: re.Match[str]) -> str:
        whole = m.group(0)
        if whole in ("$${", "%%{"):
            return whole[1:]
        esc = m.group(1)
        if esc in _ESCAPES:
            return _ESCAPES[esc]
        if esc[0] in "uU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        raise HclError(
            f"Invalid escape sequence \\{esc}: the symbol {esc!r} is not a valid escape sequence "
            '(valid: \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN)',
            tok.pos,
        )

    return unicodedata.normalize("NFC", _ESCAPE_RE.sub(repl, tok.text))


def _describe(tok: Token) -> str:
    if tok.type in (T.EOF, T.NEWLINE):
        return str(tok.type.value)
    return f"{tok.type.value} {tok.text!r}"


def parse_hcl(src: str, filename: str) -> n.Body:
    """Parse a whole HCL file into its top-level body."""
    return Parser(tokenize(src, filename)).parse_file()


def parse_template(src: str, filename: str) -> n.Node:
    """Parse a bare template (the contents of a ``templatefile`` template file)."""
    tokens = tokenize(src, filename, template=True)
    parser = Parser(tokens)
    open_tok = Token(T.OHEREDOC, "", Pos(filename, 1, 1))
    return parser.parse_heredoc(open_tok)
