"""The translators' catalogues (locales/<lang>/LC_MESSAGES/<page>.po): refresh, check, measure, compile.

The English text is the master. `update` extracts its messages with Sphinx's gettext builder and merges
them into the catalogues with sphinx-intl, so a changed paragraph shows up as fuzzy or untranslated.
`problems` checks each translation against its English message: the same glued values, citation keys,
cross-references, downloads, code spans and link addresses (a translation may reword, never drop or
alter them), and {term} roles that name a term of the translated glossary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from sahelreport import paths
from sahelreport.book.inputs import LOCALES
from sahelreport.book.language_edition import LanguageEdition

ROLE = re.compile(r"\{(?P<role>[a-z][a-z:-]*)\}(?P<fence>`+)(?P<body>.+?)(?P=fence)", re.DOTALL)
CODE = re.compile(r"(?<![`}])(?P<fence>`+)(?P<body>[^`].*?)(?P=fence)(?!`)", re.DOTALL)
LINK = re.compile(r"\]\((?P<address>[^)\s]+)\)")
TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
KEPT_ROLES = ("glue:text", "cite:p", "cite:t", "numref", "ref", "doc", "download", "eq")  # same value, same count


@dataclass(frozen=True)
class Completeness:
    """How much of one catalogue is translated."""

    page: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def _target(role: str, body: str) -> str:
    """What a role points to: the part in <…> when it has a display text, else its whole text."""
    match = TARGET.match(body.strip())
    if match and role in ("numref", "ref", "doc", "download", "term"):
        return match["target"].strip()
    return body.strip()


def roles(text: str) -> Counter[tuple[str, str]]:
    """Each role of a MyST text with its target, counted."""
    return Counter((m["role"], _target(m["role"], m["body"])) for m in ROLE.finditer(text))


def code_spans(text: str) -> Counter[str]:
    """The inline code spans of a MyST text (file and field names), roles left out."""
    return Counter(m["body"] for m in CODE.finditer(ROLE.sub("", text)))


def problems(msgid: str, msgstr: str, terms: set[str] | None = None) -> list[str]:
    """What a translation drops, adds or alters of its English message (empty when it is faithful)."""
    found: list[str] = []
    english, translated = roles(msgid), roles(msgstr)
    for kind in KEPT_ROLES:
        want = Counter({t: n for (r, t), n in english.items() if r == kind})
        got = Counter({t: n for (r, t), n in translated.items() if r == kind})
        if want != got:
            found.append(f"{{{kind}}} roles differ: English {sorted(want.elements())}, "
                         f"translation {sorted(got.elements())}")
    other = {r for r, _ in english} | {r for r, _ in translated}
    for kind in sorted(other - set(KEPT_ROLES) - {"term"}):
        want_other = sorted(t for (r, t) in english.elements() if r == kind)
        got_other = sorted(t for (r, t) in translated.elements() if r == kind)
        if want_other != got_other:
            found.append(f"{{{kind}}} roles differ: English {want_other}, translation {got_other}")
    english_terms = sum(n for (r, _), n in english.items() if r == "term")
    translated_terms = [t for (r, t) in translated.elements() if r == "term"]
    if english_terms != len(translated_terms):
        found.append(f"{{term}} roles: {english_terms} in English, {len(translated_terms)} in the translation")
    if terms is not None:
        unknown = sorted({t for t in translated_terms if t.casefold() not in {x.casefold() for x in terms}})
        if unknown:
            found.append(f"{{term}} targets not in the translated glossary: {unknown}")
    if code_spans(msgid) != code_spans(msgstr):
        found.append(f"code spans differ: English {sorted(code_spans(msgid).elements())}, "
                     f"translation {sorted(code_spans(msgstr).elements())}")
    if sorted(LINK.findall(msgid)) != sorted(LINK.findall(msgstr)):
        found.append(f"link addresses differ: English {sorted(LINK.findall(msgid))}, "
                     f"translation {sorted(LINK.findall(msgstr))}")
    return found


def catalogue_dir(where: paths.Paths, edition: LanguageEdition) -> Path:
    return where.root / LOCALES / edition.code / "LC_MESSAGES"


def catalogues(where: paths.Paths, edition: LanguageEdition) -> dict[str, Path]:
    """The edition's catalogues by page (docname, e.g. chapters/border; 'sphinx' for the templates' texts)."""
    folder = catalogue_dir(where, edition)
    return {p.relative_to(folder).with_suffix("").as_posix(): p for p in sorted(folder.rglob("*.po"))}


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def completeness(page: str, catalogue: Catalog) -> Completeness:
    """Translated, fuzzy and untranslated messages of one catalogue (the header is not a message)."""
    messages = [m for m in catalogue if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    untranslated = sum(1 for m in messages if not m.fuzzy and not m.string)
    return Completeness(page, len(messages) - fuzzy - untranslated, fuzzy, untranslated)


def compile_catalogues(where: paths.Paths, edition: LanguageEdition) -> Path:
    """Compile the edition's catalogues (translated messages only, no fuzzy ones) for Sphinx, under _build.
    Each .po is copied beside its .mo, so that Sphinx knows which pages a catalogue belongs to; a catalogue
    whose text did not change is left as it is (Sphinx reads again only the pages whose catalogue changed)."""
    from babel.messages.mofile import write_mo

    out = edition.compiled_locales(where) / edition.code / "LC_MESSAGES"
    for page, source in catalogues(where, edition).items():
        copy = out / f"{page}.po"
        text = source.read_bytes()
        if copy.is_file() and copy.read_bytes() == text and copy.with_suffix(".mo").is_file():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        tmp = copy.with_suffix(".mo.tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, read_catalogue(source), use_fuzzy=False)
        tmp.replace(copy.with_suffix(".mo"))
        copy.write_bytes(text)  # last: a build killed before this line compiles the catalogue again
    return edition.compiled_locales(where)


def glossary_terms(where: paths.Paths) -> list[str]:
    """The English glossary's terms: the unindented lines of the {glossary} block of chapters/glossary.md."""
    text = (where.chapters / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.startswith((" ", "\t", ":"))]


def translated_terms(where: paths.Paths, edition: LanguageEdition) -> set[str]:
    """The glossary's terms in the edition's language (an untranslated term keeps its English form)."""
    english = set(glossary_terms(where))
    catalogue = read_catalogue(catalogues(where, edition)["chapters/glossary"])
    found: dict[str, str] = {str(m.id): str(m.string) for m in catalogue if m.id in english and m.string}
    return {found.get(term, term) for term in english}


@dataclass(frozen=True)
class Problem:
    """One translation that alters what it must keep."""

    catalogue: Path
    line: int
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.catalogue}:{self.line}: {self.problem} (message {self.msgid[:60]!r})"


def catalogue_problems(where: paths.Paths, edition: LanguageEdition) -> list[Problem]:
    """Every faithfulness problem (`problems`) of every translated message of the edition."""
    terms = translated_terms(where, edition)
    found = []
    for path in catalogues(where, edition).values():
        for message in read_catalogue(path):
            if message.id and message.string and not message.fuzzy:
                line = message.lineno or 0
                found += [Problem(path, line, str(message.id), p) for p in problems(str(message.id),
                                                                                    str(message.string), terms)]
    return found


def report(where: paths.Paths, edition: LanguageEdition) -> list[Completeness]:
    """Completeness of each of the edition's catalogues, in page order."""
    return [completeness(page, read_catalogue(path)) for page, path in catalogues(where, edition).items()]


def extract_messages(where: paths.Paths, out: Path) -> Path:
    """The English book's messages as .pot files (Sphinx's gettext builder, with the executed notebooks)."""
    import subprocess
    import sys

    from sahelreport.book.inputs import source_date_epoch

    env = {**__import__("os").environ, "SAHELREPORT_ROOT": str(where.root),
           "SOURCE_DATE_EPOCH": source_date_epoch(where.root)}
    command = [sys.executable, "-m", "sahelreport.book.jupyter_book_cli", "build", str(where.root), "--builder",
               "custom", "--custom-builder", "gettext", "--path-output", str(out), "-W", "--keep-going"]
    result = subprocess.run(command, cwd=where.root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the gettext build failed (exit {result.returncode}):\n{result.stdout[-3000:]}"
                           f"{result.stderr[-3000:]}")
    return out / "_build" / "gettext"


def update(where: paths.Paths, edition: LanguageEdition) -> None:
    """Merge the English book's current messages into the edition's catalogues (sphinx-intl): a new paragraph
    comes in untranslated, a changed one fuzzy (its old translation kept for the translator to revise)."""
    from sphinx_intl.basic import update as intl_update

    pot = extract_messages(where, where.work / "gettext")
    intl_update(str(where.root / LOCALES), str(pot), (edition.code,), line_width=76)


def main(refresh: bool = False) -> int:
    """`sahelreport translations`: the share of translated, fuzzy and untranslated messages per page, and every
    message whose translation alters what it must keep; with `refresh`, update the catalogues first."""
    from sahelreport.book.language_edition import TRANSLATIONS

    where = paths.project()
    status = 0
    for edition in TRANSLATIONS:
        if refresh:
            from sahelreport.book.build import execute_master

            execute_master(where)  # the gettext builder reads the executed English notebooks
            update(where, edition)
        rows = report(where, edition)
        print(f"{edition.code}: {'page':34} {'translated':>10} {'fuzzy':>6} {'untranslated':>12} {'share':>7}")
        for row in rows:
            print(f"{edition.code}: {row.page:34} {row.translated:10} {row.fuzzy:6} {row.untranslated:12} "
                  f"{row.share:7.1%}")
        total = Completeness("all", *(sum(getattr(r, f) for r in rows) for f in ("translated", "fuzzy",
                                                                                  "untranslated")))
        print(f"{edition.code}: {'all pages':34} {total.translated:10} {total.fuzzy:6} {total.untranslated:12} "
              f"{total.share:7.1%}")
        found = catalogue_problems(where, edition)
        for problem in found:
            print(problem)
        if found:
            status = 1
    return status
