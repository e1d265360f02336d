"""Lexer for HCL native syntax (the subset Terragrunt configurations use).

HCL lexing is context sensitive: inside a quoted string or a heredoc the
scanner is in *template* mode, and ``${``/``%{`` switch back to expression mode
until the matching ``}``.  The lexer keeps a stack of modes to know what a
closing brace ends.  Template literal tokens keep their raw text; the parser
decodes escapes so that it can report positions of bad escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .errors import HclError, Pos


class T(Enum):
    """Token types."""

    IDENT = "identifier"
    NUMBER = "number"
    NEWLINE = "newline"
    EOF = "end of file"
    PUNCT = "punctuation"
    OQUOTE = "opening quote"
    CQUOTE = "closing quote"
    QUOTED_LIT = "string literal"
    OHEREDOC = "heredoc start"
    HEREDOC_LIT = "heredoc literal"
    CHEREDOC = "heredoc end"
    TEMPLATE_INTERP = "${"
    TEMPLATE_CONTROL = "%{"
    TEMPLATE_SEQ_END = "}"


@dataclass(frozen=True)
class Token:
    """One lexical token; ``strip`` records a ``~`` strip marker on template delimiters."""

    type: T
    text: str
    pos: Pos
    strip: bool = False
    flush: bool = False  # for OHEREDOC: ``<<-`` form

    def is_punct(self, text: str) -> bool:
        return self.type is T.PUNCT and self.text == text


_PUNCT3 = ("...",)
_PUNCT2 = ("=>", "==", "!=", "<=", ">=", "&&", "||")
_PUNCT1 = "=!<>+-*/%?:,.[]()"
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_DIGITS_RE = re.compile(r"[0-9]+")
_HEREDOC_RE = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")

# Mode stack entries
_BRACE = "brace"
_INTERP = "interp"
_QUOTE = "quote"
_HEREDOC = "heredoc"


def _is_ident_start(ch: str) -> bool:
    return ch == "_" or ch.isalpha()


def _is_ident_char(ch: str) -> bool:
    return ch in "_-" or ch.isalnum()


class Lexer:
    """Turns HCL source text into a list of tokens."""

    def __init__(self, src: str, filename: str, *, template: bool = False) -> None:
        self.src = src.replace("\r\n", "\n")
        self.filename = filename
        self.i = 0
        self.line = 1
        self.col = 1
        self.tokens: list[Token] = []
        self.modes: list[str] = []
        self.heredoc_markers: list[str] = []
        self.at_line_start = False
        if template:  # a bare template file: heredoc mode without a closing marker
            self.modes.append(_HEREDOC)
            self.heredoc_markers.append("")

    # -- helpers -----------------------------------------------------------
    def pos(self) -> Pos:
        return Pos(self.filename, self.line, self.col)

    def error(self, message: str, pos: Pos | None = None) -> HclError:
        return HclError(message, pos or self.pos())

    def advance(self, n: int) -> str:
        text = self.src[self.i : self.i + n]
        for ch in text:
            if ch == "\n":
                self.line += 1
                self.col = 1
            else:
                self.col += 1
        self.i += n
        return text

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.src[j] if j < len(self.src) else ""

    def startswith(self, s: str) -> bool:
        return self.src.startswith(s, self.i)

    def emit(self, type_: T, text: str, pos: Pos, **kw: bool) -> None:
        self.tokens.append(Token(type_, text, pos, **kw))

    # -- driver ------------------------------------------------------------
    def run(self) -> list[Token]:
        while True:
            mode = self.modes[-1] if self.modes else _BRACE
            if mode == _QUOTE:
                self.scan_quoted()
            elif mode == _HEREDOC:
                self.scan_heredoc()
            elif self.i >= len(self.src):
                break
            else:
                self.scan_normal()
        if self.modes:
            raise self.error("Unclosed brace or template sequence at end of file")
        self.emit(T.EOF, "", self.pos())
        return self.tokens

    # -- expression mode ---------------------------------------------------
    def scan_normal(self) -> None:  # noqa: PLR0912 - one branch per node/value kind reads best
        ch = self.peek()
        pos = self.pos()
        if ch in " \t\r":
            self.advance(1)
        elif ch == "\n":
            self.advance(1)
            self.emit(T.NEWLINE, "\n", pos)
        elif ch == "#" or self.startswith("//"):
            end = self.src.find("\n", self.i)
            self.advance((end if end >= 0 else len(self.src)) - self.i)
        elif self.startswith("/*"):
            end = self.src.find("*/", self.i + 2)
            if end < 0:
                raise self.error("Unterminated block comment")
            self.advance(end + 2 - self.i)
        elif _is_ident_start(ch):
            j = self.i + 1
            while j < len(self.src) and _is_ident_char(self.src[j]):
                j += 1
            self.emit(T.IDENT, self.advance(j - self.i), pos)
        elif ch.isdigit():
            self.scan_number(pos)
        elif ch == '"':
            self.advance(1)
            self.emit(T.OQUOTE, '"', pos)
            self.modes.append(_QUOTE)
        elif self.startswith("<<"):
            self.scan_heredoc_start(pos)
        elif ch == "{":
            self.advance(1)
            self.modes.append(_BRACE)
            self.emit(T.PUNCT, "{", pos)
        elif ch == "}" or (ch == "~" and self.peek(1) == "}"):
            self.scan_close_brace(pos)
        else:
            self.scan_punct(pos)

    def scan_number(self, pos: Pos) -> None:
        after_dot = bool(self.tokens) and self.tokens[-1].is_punct(".")
        regex = _DIGITS_RE if after_dot else _NUMBER_RE
        m = regex.match(self.src, self.i)
        assert m is not None
        self.emit(T.NUMBER, self.advance(len(m.group(0))), pos)

    def scan_heredoc_start(self, pos: Pos) -> None:
        m = _HEREDOC_RE.match(self.src, self.i)
        if m is None:
            raise self.error("Invalid heredoc introducer: expected <<ID or <<-ID then a newline")
        self.advance(len(m.group(0)))
        self.emit(T.OHEREDOC, m.group(2), pos, flush=m.group(1) == "-")
        self.modes.append(_HEREDOC)
        self.heredoc_markers.append(m.group(2))
        self.at_line_start = True

    def scan_close_brace(self, pos: Pos) -> None:
        strip = self.peek() == "~"
        if strip:
            self.advance(1)
        self.advance(1)
        top = self.modes.pop() if self.modes else _BRACE
        if top == _INTERP:
            self.emit(T.TEMPLATE_SEQ_END, "}", pos, strip=strip)
        elif strip:
            raise self.error(
                "Strip marker '~' is only valid before the end of a template sequence", pos
            )
        else:
            self.emit(T.PUNCT, "}", pos)

    def scan_punct(self, pos: Pos) -> None:
        for cand in (*_PUNCT3, *_PUNCT2):
            if self.startswith(cand):
                self.emit(T.PUNCT, self.advance(len(cand)), pos)
                return
        ch = self.peek()
        if ch and ch in _PUNCT1:
            self.emit(T.PUNCT, self.advance(1), pos)
            return
        raise self.error(f"Invalid character {ch!r}")

    # -- template modes ------------------------------------------------------
    def open_sequence(self) -> bool:
        """At ``${`` or ``%{``: emit the opener and switch to expression mode."""
        pos = self.pos()
        if self.startswith("${") or self.startswith("%{"):
            type_ = T.TEMPLATE_INTERP if self.peek() == "$" else T.TEMPLATE_CONTROL
            self.advance(2)
            strip = self.peek() == "~"
            if strip:
                self.advance(1)
            self.emit(type_, type_.value, pos, strip=strip)
            self.modes.append(_INTERP)
            return True
        return False

    def scan_quoted(self) -> None:
        if self.i >= len(self.src):
            raise self.error("Unterminated template string")
        if self.peek() == '"':
            pos = self.pos()
            self.advance(1)
            self.modes.pop()
            self.emit(T.CQUOTE, '"', pos)
            return
        if self.open_sequence():
            return
        pos = self.pos()
        j = self.i
        src = self.src
        while j < len(src):
            ch = src[j]
            if ch in '"\n':
                break
            if ch == "\\":
                j += 2
                continue
            if src.startswith("$${", j) or src.startswith("%%{", j):
                j += 3
                continue
            if src.startswith("${", j) or src.startswith("%{", j):
                break
            j += 1
        if j < len(src) and src[j] == "\n":
            self.advance(j - self.i)
            raise self.error("Unterminated template string: quoted strings cannot span lines", pos)
        self.emit(T.QUOTED_LIT, self.advance(min(j, len(src)) - self.i), pos)

    def scan_heredoc(self) -> None:
        marker = self.heredoc_markers[-1]
        if self.i >= len(self.src) and not marker:
            self.emit(T.CHEREDOC, "", self.pos())
            self.modes.pop()
            self.heredoc_markers.pop()
            return
        if self.i >= len(self.src):
            raise self.error(f"Unterminated heredoc: missing closing marker {marker!r}")
        if marker and self.at_line_start and self.try_close_heredoc(marker):
            return
        self.at_line_start = False
        if self.open_sequence():
            return
        pos = self.pos()
        j = self.i
        src = self.src
        while j < len(src):
            if src.startswith("$${", j) or src.startswith("%%{", j):
                j += 3
                continue
            if src.startswith("${", j) or src.startswith("%{", j):
                break
            if src[j] == "\n":
                j += 1
                self.at_line_start = True
                break
            j += 1
        self.emit(T.HEREDOC_LIT, self.advance(j - self.i), pos)

    def try_close_heredoc(self, marker: str) -> bool:
        end = self.src.find("\n", self.i)
        line = self.src[self.i : end if end >= 0 else len(self.src)]
        if line.strip(" \t") != marker:
            return False
        lead = len(line) - len(line.lstrip(" \t"))
        self.advance(lead)
        pos = self.pos()
        self.advance(len(line) - lead)
        self.emit(T.CHEREDOC, marker, pos)
        self.modes.pop()
        self.heredoc_markers.pop()
        self.at_line_start = False
        return True


def tokenize(src: str, filename: str, *, template: bool = False) -> list[Token]:
    """Tokenize HCL source text; raises :class:`HclError` with a position on bad input.

    With ``template=True`` the whole text is one template (as ``templatefile`` reads it).
    """
    return Lexer(src, filename, template=template).run()
