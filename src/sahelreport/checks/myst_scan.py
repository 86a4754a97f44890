"""A MyST Markdown document read with MyST's own markdown-it parser, for the linter.

`scan` returns what the linter checks, each with its line in the file: directives (name,
argument, options, body), code cells, roles, Markdown images and the prose text line by line.
The token stream is the one the book's build parses (myst_parser's `create_md_parser` with the
book's extensions), so a directive in a list, a blockquote or a four-backtick fence, a role in
a table or a heading, and a `~~~` or indented code block are all read as the build reads them.
MyST parses a directive's body when it renders it; so does `scan`: the body of every directive
whose content is Markdown (notes, figure captions...) is scanned in turn, at its own lines.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from docutils.parsers.rst import Directive as DocutilsDirective
from docutils.parsers.rst import directives
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline, backtick
from markdown_it.token import Token
from mdit_py_plugins.myst_role.index import myst_role
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
# Directives whose body is not Markdown: code, raw output, maths, generated content.
LITERAL_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math", "eval-rst",
                      "bibliography", "csv-table", "list-table", "mermaid", "toctree", "tableofcontents"}
LINE_BREAKS = {"softbreak", "hardbreak"}


@dataclass
class Directive:
    """A fenced directive: name, argument, options, body lines and where it starts (1-based)."""

    name: str
    argument: str
    options: dict[str, str]
    body: list[str]
    line: int
    body_line: int


@dataclass(frozen=True)
class Role:
    """An inline role, such as {numref}`fig-x` or {cite:p}`key`."""

    name: str
    content: str
    line: int


@dataclass(frozen=True)
class Image:
    """A bare Markdown image, ![alt](src)."""

    src: str
    alt: str
    line: int


@dataclass
class Document:
    """What the linter needs from one document."""

    text: list[tuple[int, str]] = field(default_factory=list)  # (line, prose text without code, roles, link targets)
    roles: list[Role] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    code_cells: list[tuple[int, str]] = field(default_factory=list)  # (first line, source)
    directives: list[Directive] = field(default_factory=list)


class _AnyDirective(DocutilsDirective):
    """Stands in for every directive when its text is split: one argument (the whole first line), any option."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    class _AnyOption(dict):
        def __missing__(self, key: str) -> Callable[[str | None], str]:
            return directives.unchanged

    option_spec = _AnyOption(name=directives.unchanged)


def _counting_newlines(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """An inline rule that records how many line breaks its token's source spans.

    Inline code and roles fold their line breaks into spaces; without this count every problem
    after such a span in the same paragraph would be reported a line too early."""

    def rule_with_count(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent and len(state.tokens) > count:
            state.tokens[-1].meta["newlines"] = state.src.count("\n", start, state.pos)
        return matched

    return rule_with_count


@functools.cache
def parser(extensions: frozenset[str]) -> MarkdownIt:
    """MyST's markdown-it parser with these syntax extensions (those of _config.yml's parse.myst_enable_extensions)."""
    md = create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)
    md.inline.ruler.at("backticks", _counting_newlines(backtick))
    md.inline.ruler.at("myst_role", _counting_newlines(myst_role))
    return md


def _inline(token: Token, line: int, document: Document) -> None:
    """Roles, images and the text of each line of an inline token starting at `line`."""
    text: dict[int, list[str]] = defaultdict(list)
    for child in token.children or []:
        if child.type == "text":
            text[line].append(child.content)
        elif child.type == "myst_role":
            document.roles.append(Role(child.meta["name"], child.content, line))
        elif child.type == "image":
            document.images.append(Image(str(child.attrs.get("src", "")), child.content, line))
        if child.type != "text" and child.nesting == 0:  # code, roles, maths, HTML: a gap in the text
            text[line].append(" ")
        line += child.content.count("\n") + child.meta.get("newlines", 0) + (child.type in LINE_BREAKS)
    document.text += [(number, "".join(parts)) for number, parts in text.items()]


def _directive(token: Token, line: int, name: str, argument: str, document: Document,
               extensions: frozenset[str]) -> None:
    parsed = parse_directive_text(_AnyDirective, argument, token.content, line=line, validate_options=True)
    options = {str(key): "" if value is None else str(value) for key, value in parsed.options.items()}
    body_line = line + 1 + parsed.body_offset
    if name == "code-cell":
        document.code_cells.append((line + 1, "\n".join(parsed.body)))
        return
    document.directives.append(Directive(name, " ".join(parsed.arguments), options, parsed.body, line, body_line))
    if name not in LITERAL_DIRECTIVES:
        _walk(parser(extensions).parse("\n".join(parsed.body)), body_line - 1, document, extensions)


def _walk(tokens: Iterable[Token], offset: int, document: Document, extensions: frozenset[str]) -> None:
    """Read a token stream whose first line is line `offset + 1` of the file."""
    for token in tokens:
        if token.map is None:
            continue
        line = offset + token.map[0] + 1
        if token.type == "inline":
            _inline(token, line, document)
        elif token.type in {"fence", "colon_fence"}:
            match = DIRECTIVE_INFO.match(token.info.strip())
            if match:  # a fence without {name} is a plain code block
                _directive(token, line, match["name"], match["argument"].strip(), document, extensions)


def scan(text: str, extensions: Iterable[str] = ()) -> Document:
    """Scan a MyST Markdown document (its front matter is skipped by the parser)."""
    document = Document()
    wanted = frozenset(extensions)
    _walk(parser(wanted).parse(text), 0, document, wanted)
    return document
