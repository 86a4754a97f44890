"""The French edition, built with the English one: every page in French with a link to its counterpart, glued
numbers in French form, the French PDF close to the English one in length, and catalogues that hold every
message of the current English text."""

from __future__ import annotations

import pickle
import re
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from sahelreport import paths
from sahelreport.book import catalogues
from sahelreport.book.language_edition import FRENCH


def pages(site: Path) -> list[Path]:
    return sorted(p for p in [site / "index.html", *(site / "chapters").glob("*.html")])


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_its_french_counterpart_and_links_to_it(built_book: Path) -> None:
    french_site = built_book / "fr"
    for english in pages(built_book):
        french = french_site / english.relative_to(built_book)
        assert french.is_file(), french
        en, fr = soup(english), soup(french)
        assert en.html["lang"] == "en" and fr.html["lang"] == "fr"
        to_french = en.select_one('a.sahel-language-link[hreflang="fr"]')
        to_english = fr.select_one('a.sahel-language-link[hreflang="en"]')
        assert to_french is not None and to_english is not None, english
        assert (english.parent / to_french["href"]).resolve() == french.resolve()
        assert (french.parent / to_english["href"]).resolve() == english.resolve()
        assert fr.select_one(".sahel-translation-notice") is None  # every page is fully translated


def test_french_pages_are_in_french_with_french_numbers(built_book: Path) -> None:
    index = soup(built_book / "fr" / "index.html")
    text = index.get_text(" ")
    assert "Synthèse" in text and "Executive summary" not in text
    numbers = [n.get_text() for p in pages(built_book / "fr") for n in soup(p).select("span.pasted-text")]
    assert numbers
    assert [n for n in numbers if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+\.\d+", n)] == []
    assert any("\u202f" in n for n in numbers)  # thousands separated the French way
    assert "Télécharger le PDF" in text
    assert (built_book / "fr" / FRENCH.pdf_name).read_bytes() == FRENCH.pdf(paths.project()).read_bytes()


def test_french_doctrees_hold_only_their_own_page(built_book: Path) -> None:
    """A translated message's nodes name their page's document, not the one they were parsed in (which would
    bring the whole build environment into every pickled doctree)."""
    from docutils import nodes

    where = paths.project()
    doctrees = sorted((FRENCH.work(where, "html") / "_build" / ".doctrees").rglob("*.doctree"))
    assert len(doctrees) >= 10
    for file in doctrees:
        doctree = pickle.loads(file.read_bytes())
        assert isinstance(doctree, nodes.document)
        strays = [node for node in doctree.findall() if node.__dict__.get("_document") not in (None, doctree)]
        assert strays == [], f"{file.name}: {len(strays)} nodes name another document"


def test_apostrophes_are_not_read_as_closing_quotes(built_book: Path) -> None:
    """d'« Azawad », l'{term}`…`: an apostrophe before a quotation mark or a link is ’, never a closing ”."""
    wrong = []
    for page in pages(built_book / "fr"):
        main = soup(page).select_one("main") or soup(page)
        for element in main.find_all(string=re.compile(r"\w”$|\w”\s*«")):
            if not any(a.get("lang") == "en" for a in element.parents if hasattr(a, "get")):
                wrong.append(f"{page.name}: …{element[-40:]}")
    assert wrong == []


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_the_french_pdf_is_in_french_and_about_as_long_as_the_english(built_book: Path) -> None:
    where = paths.project()
    french, english = pdf_pages(FRENCH.pdf(where)), pdf_pages(where.pdf)
    assert abs(french - english) <= 0.10 * english, (french, english)
    text = subprocess.run(["pdftotext", "-layout", str(FRENCH.pdf(where)), "-"], capture_output=True, text=True,
                          check=True).stdout
    for heading in ("Table des matières", "Synthèse", "La frontière", "Glossaire"):
        assert heading in text
    assert "Executive summary" not in text and "A sourced, reproducible report" not in text
    info = subprocess.run(["pdfinfo", str(FRENCH.pdf(where))], capture_output=True, text=True, check=True).stdout
    assert "Sahel Report : le Mali" in info


def test_the_catalogues_hold_every_message_of_the_current_english_text(built_book: Path, tmp_path: Path) -> None:
    where = paths.project()
    pot = catalogues.extract_messages(where, tmp_path / "gettext")
    for template in sorted(pot.rglob("*.pot")):
        page = template.relative_to(pot).with_suffix("").as_posix()
        with template.open("rb") as handle:
            wanted = {m.id for m in read_po(handle) if m.id}
        have = catalogues.read_catalogue(catalogues.catalogues(where, FRENCH)[page])
        translated = {m.id for m in have if m.id and m.string and not m.fuzzy}
        assert wanted - translated == set(), f"{page}: run `make translations` and translate the new messages"
